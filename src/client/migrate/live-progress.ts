import type { SpaceProgress } from '../../services/dynamo/migration-progress-table.js'
import { customerOfWorkflowId, spaceOfWorkflowId } from '../../workflows/ids.js'
import type { Progress } from '../../workflows/types.js'
import type { ProgressSample } from '../shared/progress-line.js'

/** What a follow reads, beyond the followed workflow's own query, to see into running children. */
export interface LiveReads {
  /** A workflow's `progress` query; undefined once it has closed. */
  query(workflowId: string): Promise<Progress | undefined>
  /** Progress rows of some of a customer's spaces, in one batch read (BatchGetItem). */
  spaceRows(
    customer: string,
    spaces: readonly string[]
  ): Promise<ReadonlyMap<string, RunningRow>>
}

export type RunningRow = Pick<
  SpaceProgress,
  'status' | 'completedUploads' | 'updatedAt'
>

/** The followed scope: what its running children are, and how to read them. */
export type FollowScope =
  | { kind: 'space' }
  | { kind: 'customer'; customer: string }
  | { kind: 'instance' }

export interface LiveOptions {
  /**
   * The run mirrors its progress on migration-progress (a mode that tracks it, not one upload,
   * not `--retry-failed`): running spaces are read from their rows; else by their queries.
   */
  rows: boolean
  /** When the follow began (ISO): a row written since is this run's, finished or not. */
  since: string
}

/** Counts of running children not yet in their parent's counts. */
interface Running {
  done: number
  failed: number
  skipped: number
  spaces: number
}

const NOTHING: Running = { done: 0, failed: 0, skipped: 0, spaces: 0 }

/**
 * A scope's progress with its running children in it. A customer's or instance's query counts
 * only the children that finished (they report their counts when they end), so a customer of
 * one big space shows nothing for hours; this adds what each running space has done so far.
 *
 * A running space's uploads come from its migration-progress row: one BatchGetItem per running
 * customer, whatever the size of the instance. The alternative, a query of every running
 * child, costs one Temporal query (a billable action on Temporal Cloud, and a workflow task on a
 * worker, replaying the child's history when it is not cached) per running space per refresh;
 * rows cost half a read unit each. A running customer's finished spaces live only in its
 * workflow, so an instance still queries its running customers: at most `customerConcurrency`
 * of them, however many customers it has.
 */
export async function liveProgress(
  scope: FollowScope,
  progress: Progress,
  reads: LiveReads,
  options: LiveOptions
): Promise<ProgressSample> {
  const running =
    scope.kind === 'space'
      ? NOTHING
      : scope.kind === 'customer'
        ? await runningSpaces(scope.customer, progress, reads, options)
        : await runningCustomers(progress, reads, options)
  return {
    done: progress.processed + running.done,
    failed: progress.failed + running.failed,
    skipped: (progress.skipped ?? 0) + running.skipped,
    ...(scope.kind === 'space' ? {} : { running: running.spaces }),
    paused: progress.paused,
    pausedBecause: progress.pausedBecause,
    ...(progress.totalUploads === undefined
      ? {}
      : { total: progress.totalUploads }),
  }
}

async function runningCustomers(
  progress: Progress,
  reads: LiveReads,
  options: LiveOptions
): Promise<Running> {
  const customers = await Promise.all(
    (progress.runningChildren ?? []).map(async (id) => {
      const customer = customerOfWorkflowId(id)
      const child = customer && (await reads.query(id))
      if (!customer || !child) return NOTHING
      const spaces = await runningSpaces(customer, child, reads, options)
      return {
        done: child.processed + spaces.done,
        failed: child.failed + spaces.failed,
        skipped: (child.skipped ?? 0) + spaces.skipped,
        spaces: spaces.spaces,
      }
    })
  )
  return customers.reduce(addRunning, { ...NOTHING })
}

async function runningSpaces(
  customer: string,
  progress: Progress,
  reads: LiveReads,
  options: LiveOptions
): Promise<Running> {
  const ids = progress.runningChildren ?? []
  if (!options.rows) {
    const queried = await Promise.all(ids.map((id) => reads.query(id)))
    return queried.reduce<Running>(
      (sum, child) =>
        child
          ? addRunning(sum, {
              done: child.processed,
              failed: child.failed,
              skipped: 0,
              spaces: 1,
            })
          : sum,
      { ...NOTHING }
    )
  }
  const children = ids
    .map(spaceOfWorkflowId)
    .filter((space): space is string => space !== undefined)
  // A batch's spaces have rows as they go, and no workflow of their own.
  const batched = progress.batchedSpaces ?? []
  if (children.length + batched.length === 0) return NOTHING
  const rows = await reads.spaceRows(customer, [...children, ...batched])
  const inBatch = batched.filter(
    (space) => rows.get(space)?.status === 'in-progress'
  )
  return {
    ...NOTHING,
    done: uploadsOfRunning(rows.values(), options.since),
    spaces: children.length + inBatch.length,
  }
}

/**
 * The uploads of running spaces' rows: a row in progress holds what its run has processed so
 * far (its pages write it); a finished row written since the follow began holds a run whose end
 * its parent has not counted yet. Other rows are an earlier run's (a completed space rechecked,
 * a row not begun yet) and count nothing.
 */
export function uploadsOfRunning(
  rows: Iterable<RunningRow>,
  since: string
): number {
  let done = 0
  for (const row of rows)
    if (row.status === 'in-progress' || row.updatedAt >= since)
      done += row.completedUploads
  return done
}

function addRunning(sum: Running, add: Running): Running {
  sum.done += add.done
  sum.failed += add.failed
  sum.skipped += add.skipped
  sum.spaces += add.spaces
  return sum
}
