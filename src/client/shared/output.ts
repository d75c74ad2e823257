import { BadInput } from '../../failures/errors.js'

/** Where a command writes: process.stdout, or a string a test collects. */
export interface Output {
  write(text: string): unknown
  /** Progress is redrawn in place, and the screen cleared, only on a terminal. */
  isTTY?: boolean
}

/** Flags that cannot be run; the CLI prints the message as one `error:` line and exits 2. */
export class InvalidOptions extends BadInput {
  override name = 'InvalidOptions'
}

/** Refuses flags that cannot be run: one `error:` line, exit status 2, nothing read or written. */
export function rejectFlags(problem: string): void {
  console.error(`error: ${problem}`)
  process.exitCode = 2
}
