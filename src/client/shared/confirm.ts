import { createInterface } from 'node:readline/promises'

/** A y/N question on the terminal; only "y" or "yes" agrees, and Ctrl+C declines. */
export async function askOnTerminal(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout })
  const cancel = new AbortController()
  // Without a listener, readline answers Ctrl+C by pausing, and the question would wait forever.
  rl.on('SIGINT', () => cancel.abort())
  try {
    const answer = await rl.question(`${question} (y/N) `, {
      signal: cancel.signal,
    })
    return /^y(es)?$/i.test(answer.trim())
  } catch {
    process.stdout.write('\n')
    return false
  } finally {
    rl.close()
  }
}

/**
 * Asks on a terminal only: an unattended run (no TTY) never blocks on a prompt, and `--yes`
 * skips the question.
 */
export async function confirm(question: string, yes: boolean | undefined) {
  if (yes || !process.stdin.isTTY || !process.stdout.isTTY) return true
  return askOnTerminal(question)
}
