export interface ReasonCount {
  reason: string
  count: number
}

/** Rows counted by reason code. */
export interface ReasonCounts {
  total: number
  /** Most frequent first. */
  byReason: ReasonCount[]
}

/** One counter per reason, as rows arrive page by page. */
export class ReasonCounter {
  readonly #counts = new Map<string, number>()
  #total = 0

  add(reason: string): void {
    this.#counts.set(reason, (this.#counts.get(reason) ?? 0) + 1)
    this.#total++
  }

  counts(): ReasonCounts {
    const byReason = [...this.#counts]
      .map(([reason, count]) => ({ reason, count }))
      .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason))
    return { total: this.#total, byReason }
  }
}
