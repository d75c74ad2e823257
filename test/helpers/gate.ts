/**
 * Holds callers at `pass()` until the test lets them through: one at a time with `release()`,
 * or all from now on with `open()`. Lets a test freeze a workflow mid-run without timed waits.
 */
export class Gate {
  #open = false
  readonly #waiting: (() => void)[] = []

  static opened(): Gate {
    const gate = new Gate()
    gate.open()
    return gate
  }

  /** Callers held now. */
  get waiting(): number {
    return this.#waiting.length
  }

  pass(): Promise<void> {
    if (this.#open) return Promise.resolve()
    return new Promise((resolve) => this.#waiting.push(resolve))
  }

  /** Lets the longest-held caller through. */
  release(): void {
    const next = this.#waiting.shift()
    if (!next) throw new Error('nobody is held at the gate')
    next()
  }

  open(): void {
    this.#open = true
    for (const next of this.#waiting.splice(0)) next()
  }
}
