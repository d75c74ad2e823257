import { createInterface } from 'node:readline/promises'

/**
 * Asks on a terminal only: an unattended run (no TTY) never blocks on a prompt, and `--yes`
 * skips the question.
 */
export async function confirm(question: string, yes: boolean | undefined) {
  if (yes || !process.stdin.isTTY || !process.stdout.isTTY) return true
  const rl = createInterface({ input: process.stdin, output: process.stdout })
  try {
    const answer = await rl.question(`${question} (y/N) `)
    return answer.trim().toLowerCase() === 'y'
  } finally {
    rl.close()
  }
}
