/** Where a command writes: process.stdout, or a string a test collects. */
export interface Output {
  write(text: string): unknown
}

/** Flags that cannot be run; the CLI prints the message as one `error:` line and exits 2. */
export class InvalidOptions extends Error {
  override name = 'InvalidOptions'
}
