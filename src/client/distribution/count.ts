import type { CheckpointFile } from './checkpoint.js'
import { limiter, runPool } from './pool.js'
import { type RetryOptions, withRetry } from './retry.js'
import type { CheckpointEntry, DistributionTables } from './types.js'

export const DEFAULT_COUNT_CONCURRENCY = 20
export const DEFAULT_CHECKPOINT_EVERY = 500

export interface CountProgress {
  customers: number
  totalCustomers: number
  spaces: number
  uploads: number
  resumed: number
}

export interface CountOptions {
  /** Upload counts (and migration-space reads) in flight at once, over all customers. */
  concurrency?: number
  /** Customers counted between two checkpoint saves. */
  checkpointEvery?: number
  /** Absent with --analyze: nothing is saved. */
  checkpoint?: CheckpointFile
  /** Counts of an earlier run, by customer. */
  resumed?: ReadonlyMap<string, CheckpointEntry>
  signal?: AbortSignal
  retry?: RetryOptions
  now?: () => Date
  onProgress?: (progress: CountProgress) => void
}

/** Counting stopped (a failure, or an interrupt); what was counted is in the checkpoint. */
export class CountingStopped extends Error {
  override name = 'CountingStopped' as const
  constructor(
    message: string,
    readonly counted: number,
    readonly saved: boolean,
    options?: ErrorOptions
  ) {
    super(message, options)
  }
}

/**
 * Counts the uploads of every customer's spaces, leaving out its own migration space (which the
 * migration leaves out too). A customer found in `resumed` with the same number of scanned spaces
 * is not counted again, whatever its position in this scan: the original resumed by index into a
 * list a fresh parallel scan had reordered.
 */
export async function countCustomers(
  tables: Pick<DistributionTables, 'upload' | 'migrationSpaces'>,
  spaces: ReadonlyMap<string, ReadonlySet<string>>,
  options: CountOptions = {}
): Promise<{ counts: CheckpointEntry[]; resumed: number }> {
  const {
    concurrency = DEFAULT_COUNT_CONCURRENCY,
    checkpointEvery = DEFAULT_CHECKPOINT_EVERY,
    checkpoint,
    signal,
    retry,
    now = () => new Date(),
    onProgress,
  } = options
  const done = new Map<string, CheckpointEntry>()
  const progress: CountProgress = {
    customers: 0,
    totalCustomers: spaces.size,
    spaces: 0,
    uploads: 0,
    resumed: 0,
  }
  const record = (entry: CheckpointEntry) => {
    done.set(entry.customer, entry)
    progress.customers++
    progress.spaces += entry.spaces
    progress.uploads += entry.uploads
  }
  const pending: [string, ReadonlySet<string>][] = []
  for (const [customer, set] of spaces) {
    const prior = options.resumed?.get(customer)
    if (prior && prior.scanned === set.size) {
      record(prior)
      progress.resumed++
    } else pending.push([customer, set])
  }
  onProgress?.({ ...progress })

  let stopped = false
  const limit = limiter(concurrency)
  const call = <T>(fn: () => Promise<T>) =>
    limit(() => {
      if (stopped || signal?.aborted)
        return Promise.reject(new Error('counting stopped'))
      return withRetry(fn, retry)
    })

  let sinceSave = 0
  let saving = Promise.resolve()
  const save = () => {
    if (!checkpoint) return saving
    saving = saving
      .catch(() => undefined)
      .then(() => checkpoint.save(done.values(), now()))
    return saving
  }

  const countOne = async (entry: [string, ReadonlySet<string>]) => {
    try {
      await countCustomer(entry)
    } catch (err) {
      stopped = true
      throw err
    }
  }
  const countCustomer = async ([customer, set]: [
    string,
    ReadonlySet<string>,
  ]) => {
    const own = (await call(() => tables.migrationSpaces.get(customer)))
      ?.migrationSpace
    const counted = [...set].filter((space) => space !== own)
    const uploads = await Promise.all(
      counted.map((space) => call(() => tables.upload.count(space)))
    )
    record({
      customer,
      uploads: uploads.reduce((sum, n) => sum + n, 0),
      spaces: counted.length,
      emptySpaces: uploads.filter((n) => n === 0).length,
      scanned: set.size,
    })
    onProgress?.({ ...progress })
    if (++sinceSave >= checkpointEvery) {
      sinceSave = 0
      await save()
    }
  }

  try {
    await runPool(pending, concurrency, countOne, signal)
  } catch (err) {
    stopped = true
    let saved = false
    if (checkpoint) {
      try {
        await save()
        saved = true
      } catch {
        // The counting error is the one to report; the checkpoint keeps its last good state.
      }
    }
    const reason = signal?.aborted
      ? 'interrupted'
      : `failed: ${(err as Error).message}`
    throw new CountingStopped(
      `counting ${reason} after ${done.size} of ${spaces.size} customers`,
      done.size,
      saved,
      { cause: err }
    )
  }
  await saving
  return { counts: [...done.values()], resumed: progress.resumed }
}
