import { type Sleep, sleepUnlessAborted } from '../monitor/watch.js'
import { etaOf, RATE_WINDOW_MS, rateOf } from '../shared/rate.js'
import type { TableState } from './read-state.js'
import { SampleRing } from '../shared/sample-ring.js'
import type { DashboardState } from './state.js'

/** 18 hours of samples at the default 30 s interval (72 minutes at dev's 2 s): about 50 KB. */
export const SAMPLES_KEPT = 2_160

export interface RefresherOptions {
  read: (now: Date) => Promise<TableState>
  intervalMs: number
  env: string
  now?: () => Date
  samplesKept?: number
  sleep?: Sleep
}

/**
 * Reads the tables every interval, one read at a time however many browsers poll, and keeps the
 * latest state and a bounded ring of samples of the uploads processed. A failed read keeps the
 * previous state, with the error, until the next one succeeds.
 */
export class Refresher {
  readonly #ring: SampleRing
  readonly #stop = new AbortController()
  #latest: DashboardState | undefined
  #error: string | undefined
  #loop: Promise<void> | undefined
  #first: Promise<void> | undefined

  constructor(private readonly options: RefresherOptions) {
    this.#ring = new SampleRing(options.samplesKept ?? SAMPLES_KEPT)
  }

  /** Starts reading; resolves after the first read, succeeded or not. */
  start(): Promise<void> {
    this.#first ??= this.#tick()
    this.#loop ??= this.#first.then(() => this.#run())
    return this.#first
  }

  async stop(): Promise<void> {
    this.#stop.abort()
    await this.#loop
  }

  /** The latest state, with the error of the last read if it failed. */
  state(): DashboardState | undefined {
    if (!this.#latest) return undefined
    return this.#error ? { ...this.#latest, error: this.#error } : this.#latest
  }

  /** The error of the last read while no read has yet succeeded. */
  error(): string | undefined {
    return this.#error
  }

  async #run(): Promise<void> {
    for (;;) {
      const sleep = this.options.sleep ?? sleepUnlessAborted
      await sleep(this.options.intervalMs, this.#stop.signal)
      if (this.#stop.signal.aborted) return
      await this.#tick()
    }
  }

  async #tick(): Promise<void> {
    const now = this.options.now?.() ?? new Date()
    try {
      const read = await this.options.read(now)
      this.#ring.add({ at: now.getTime(), processed: processedOf(read) })
      this.#latest = this.#withThroughput(read)
      this.#error = undefined
    } catch (err) {
      this.#error = err instanceof Error ? err.message : String(err)
    }
  }

  #withThroughput(read: TableState): DashboardState {
    const samples = this.#ring.list()
    // The rate and ETA are over the last five minutes of samples.
    const perSecond = rateOf(samples, RATE_WINDOW_MS)
    const etaSeconds = etaOf(plannedOf(read) - processedOf(read), perSecond)
    return {
      ...read,
      env: this.options.env,
      intervalSeconds: this.options.intervalMs / 1000,
      throughput: {
        samples,
        ...(perSecond === undefined ? {} : { perSecond }),
        ...(etaSeconds === undefined ? {} : { etaSeconds }),
      },
    }
  }
}

const processedOf = (read: TableState): number =>
  read.overall.progress.uploads.completed

/** The plan's uploads, or the progress rows' where nothing was planned (a run by customer). */
const plannedOf = (read: TableState): number =>
  read.overall.planned.uploads || read.overall.progress.uploads.total
