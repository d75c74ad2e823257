/**
 * A small seeded generator (mulberry32): the same seed gives the same legacy world on every
 * machine, which Math.random cannot.
 */
export class SeededRandom {
  #state: number

  constructor(seed: string | number) {
    this.#state = typeof seed === 'number' ? seed >>> 0 : hashString(seed)
  }

  /** A float in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0
    let t = this.#state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  bytes(length: number): Uint8Array {
    const out = new Uint8Array(length)
    for (let i = 0; i < length; i += 4) {
      const word = Math.floor(this.next() * 4294967296)
      for (let j = 0; j < 4 && i + j < length; j++)
        out[i + j] = (word >>> (8 * j)) & 0xff
    }
    return out
  }

  /** A generator of its own, derived from this one and a label, so parts stay independent. */
  fork(label: string): SeededRandom {
    return new SeededRandom(hashString(`${this.#state}/${label}`))
  }
}

function hashString(value: string): number {
  let h = 2166136261
  for (let i = 0; i < value.length; i++)
    h = Math.imul(h ^ value.charCodeAt(i), 16777619)
  return h >>> 0
}
