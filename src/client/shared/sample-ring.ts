/** One sample of the uploads processed, taken when the tables were read. */
export interface Sample {
  /** Milliseconds since the epoch. */
  at: number
  processed: number
}

/** The latest `capacity` samples, oldest dropped first: the server's memory of throughput. */
export class SampleRing {
  readonly #samples: Sample[] = []

  constructor(readonly capacity: number) {
    if (!(capacity >= 2))
      throw new RangeError('a ring holds at least 2 samples')
  }

  add(sample: Sample): void {
    this.#samples.push(sample)
    if (this.#samples.length > this.capacity) this.#samples.shift()
  }

  list(): Sample[] {
    return [...this.#samples]
  }
}
