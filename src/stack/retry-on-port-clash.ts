import { StartupError } from './wait-until-ready.js'

/**
 * A port found free can be taken by someone else before the server binds it. When a start fails
 * with "address already in use", start again on other ports, a few times.
 */
export async function retryOnPortClash<T>(
  start: () => Promise<T>,
  attempts = 3
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start()
    } catch (err) {
      const clash =
        err instanceof StartupError &&
        /address already in use/i.test(err.message)
      if (!clash || attempt >= attempts) throw err
    }
  }
}
