export class RequestTimeout extends Error {
  override name = 'RequestTimeout' as const
}

/**
 * `fetch` that gives up after `timeoutMs` (including while reading the body through the
 * returned response), so a hung service can never hold a worker.
 */
export async function fetchWithTimeout(
  url: string | URL,
  init: RequestInit = {},
  {
    timeoutMs = 30_000,
    fetch = globalThis.fetch,
  }: { timeoutMs?: number; fetch?: typeof globalThis.fetch } = {}
): Promise<Response> {
  const signal = AbortSignal.timeout(timeoutMs)
  try {
    return await fetch(url, {
      ...init,
      signal: init.signal ? AbortSignal.any([init.signal, signal]) : signal,
    })
  } catch (err) {
    if (signal.aborted)
      throw new RequestTimeout(
        `${init.method ?? 'GET'} ${String(url)} timed out after ${timeoutMs} ms`
      )
    throw err
  }
}

/** A fetch function with the timeout built in, for clients that take a `fetch` option. */
export const timeoutFetch =
  (
    timeoutMs: number,
    fetch: typeof globalThis.fetch = globalThis.fetch
  ): typeof globalThis.fetch =>
  (input, init) =>
    fetchWithTimeout(input instanceof Request ? input.url : input, init, {
      timeoutMs,
      fetch,
    })
