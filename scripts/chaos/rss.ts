/**
 * Each live worker process's resident memory over the campaign, read from /proc, so that a
 * leak shows as a worker whose memory keeps growing while it works.
 */
import { readFileSync } from 'node:fs'
import type { Check } from './checks.js'

export interface RssSeries {
  worker: number
  /** [ms since the worker started, MiB]. */
  samples: [number, number][]
}

/** VmRSS of a process in MiB; undefined once it is gone. */
export function rssMiB(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kib = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]
    return kib === undefined ? undefined : Number(kib) / 1024
  } catch {
    return undefined
  }
}

export class RssSampler {
  readonly #series = new Map<number, RssSeries>()

  sample(workers: readonly { n: number; pid: number; startedAt: number }[]) {
    const now = Date.now()
    for (const w of workers) {
      const mib = rssMiB(w.pid)
      if (mib === undefined) continue
      const series = this.#series.get(w.n) ?? { worker: w.n, samples: [] }
      series.samples.push([now - w.startedAt, mib])
      this.#series.set(w.n, series)
    }
  }

  get series(): RssSeries[] {
    return [...this.#series.values()]
  }
}

/** Per worker: peak, and the peak of its last third of life against its middle third. */
export function rssFigures(series: RssSeries) {
  const values = series.samples.map(([, mib]) => mib)
  const third = Math.floor(values.length / 3)
  const peak = (xs: number[]) => (xs.length === 0 ? 0 : Math.max(...xs))
  return {
    worker: series.worker,
    samples: values.length,
    lifeMs: series.samples.at(-1)?.[0] ?? 0,
    peak: peak(values),
    middle: peak(values.slice(third, 2 * third)),
    last: peak(values.slice(2 * third)),
  }
}

/**
 * No worker above `limitMiB`, and none still growing: for a worker that lived at least
 * `minLifeMs`, the peak of its last third is within 25% (plus 32 MiB of slack for heap
 * steps) of the peak of its middle third.
 */
export function rssChecks(
  series: readonly RssSeries[],
  { limitMiB = 512, minLifeMs = 40_000 } = {}
): Check[] {
  const figures = series.map(rssFigures)
  const over = figures.filter((f) => f.peak > limitMiB)
  const judged = figures.filter((f) => f.lifeMs >= minLifeMs && f.samples >= 9)
  const growing = judged.filter((f) => f.last > f.middle * 1.25 + 32)
  const mib = (x: number) => `${x.toFixed(0)} MiB`
  return [
    {
      name: `no worker above ${limitMiB} MiB resident`,
      ok: over.length === 0,
      detail: `peaks ${figures.map((f) => `w${f.worker} ${mib(f.peak)}`).join(', ') || 'none sampled'}`,
    },
    {
      name: 'no worker memory growing without bound',
      ok: growing.length === 0,
      detail:
        judged.length === 0
          ? `no worker lived ${minLifeMs / 1000} s`
          : judged
              .map(
                (f) =>
                  `w${f.worker}: ${mib(f.middle)} → ${mib(f.last)} over ${(f.lifeMs / 1000).toFixed(0)} s`
              )
              .join(', '),
    },
  ]
}
