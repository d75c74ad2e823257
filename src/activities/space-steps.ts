import { heartbeat } from '@temporalio/activity'
import { isPermanent, reasonOf } from '../failures/index.js'
import type { SpaceProgress } from '../services/dynamo/migration-progress-table.js'
import { NO_PAUSE } from '../services/dynamo/pause-attributes.js'
import type {
  BeginSpaceInput,
  BeginSpaceResult,
  CountSpaceInput,
  FinishSpaceInput,
  FinishSpaceResult,
  GatewayOutcome,
  UploadCount,
} from '../workflows/types.js'
import {
  activityCountProgress,
  type CountProgress,
  countUploads,
} from './count-uploads.js'
import type { ActivityDeps } from './ports.js'
import { toFailure } from './to-failure.js'

/**
 * A space's first step: its row read once (a completed space ends here unless rechecked),
 * marked in progress, the first page of its count, and the gateway authorized for it once,
 * unless it is empty. A large space goes on counting while its pages run (`countSpaceUploads`).
 * A permanent gateway refusal (no owner delegation) is returned, not thrown: the uploads still
 * get their index and claims, and the space ends failed with that error.
 */
export const beginSpace =
  (deps: ActivityDeps) =>
  async (input: BeginSpaceInput): Promise<BeginSpaceResult> => {
    try {
      heartbeat()
      const look = await lookAtSpace(deps, input)
      if (look.wasCompleted && input.skipCompleted) return skippedSpace(look)
      return await startSpace(deps, input, look)
    } catch (err) {
      throw toFailure(err)
    }
  }

/** What a space's row and the first page of its count say; nothing written. */
export interface SpaceLook {
  row?: SpaceProgress
  wasCompleted: boolean
  count?: UploadCount
}

export async function lookAtSpace(
  { migration }: ActivityDeps,
  input: BeginSpaceInput
): Promise<SpaceLook> {
  const { upload, migrationProgress } = migration.tables
  const row = input.track
    ? await migrationProgress.get(input.customer, input.space)
    : undefined
  const wasCompleted = row?.status === 'completed'
  if (wasCompleted && input.skipCompleted) return { row, wasCompleted }
  const first = input.count
    ? await upload.countPage(input.space, undefined)
    : undefined
  const count = first && { counted: first.count, cursor: first.cursor }
  return { row, wasCompleted, count }
}

/** A space an earlier run completed: its row's counts. */
export const skippedSpace = ({ row }: SpaceLook): BeginSpaceResult => ({
  skipped: true,
  totalUploads: row?.totalUploads ?? 0,
  completedUploads: row?.completedUploads ?? 0,
  gateway: { status: 'skipped' },
})

/** The space's row in progress and its gateway authorization, after `lookAtSpace`. */
export async function startSpace(
  { migration, worker }: ActivityDeps,
  input: BeginSpaceInput,
  { wasCompleted, count }: SpaceLook
): Promise<BeginSpaceResult> {
  const { upload, migrationProgress } = migration.tables
  // A recheck of a completed space leaves its row completed unless it finds otherwise.
  if (input.track && !wasCompleted)
    await migrationProgress.update(input.customer, input.space, {
      status: 'in-progress',
      ...(count?.cursor === undefined && count
        ? { totalUploads: count.counted }
        : {}),
      // A new run counts from zero; its pages only move the count forward.
      completedUploads: 0,
      workerId: worker.label,
      error: '',
      gatewayReason: '',
      ...NO_PAUSE,
      ...(input.instanceId ? { instanceId: input.instanceId } : {}),
    })
  // An empty space has nothing to serve: no authorization, and no failure for lacking one.
  const empty =
    count !== undefined
      ? count.counted === 0 && count.cursor === undefined
      : (await upload.listPage(input.space, { limit: 1 })).uploads.length === 0
  const gateway =
    input.authorizeGateway && !empty
      ? await authorize(migration, input)
      : { status: 'skipped' as const }
  // Counted by reason in monitor and stats, as the failed uploads are.
  if (input.track && gateway.reason)
    await migrationProgress.update(input.customer, input.space, {
      gatewayReason: gateway.reason,
    })
  return {
    count,
    totalUploads: count?.counted ?? 0,
    completedUploads: 0,
    gateway,
    ...(wasCompleted ? { wasCompleted } : {}),
  }
}

/** The rest of a large space's count, while its pages run; the total goes on its row. */
export const countSpaceUploads =
  ({ migration }: ActivityDeps) =>
  async (input: CountSpaceInput): Promise<number> => {
    const { upload, migrationProgress } = migration.tables
    try {
      const total = await countUploads(
        upload,
        input.space,
        input.from,
        activityCountProgress()
      )
      if (input.track)
        await migrationProgress.update(input.customer, input.space, {
          totalUploads: total,
        })
      return total
    } catch (err) {
      throw toFailure(err)
    }
  }

async function authorize(
  migration: ActivityDeps['migration'],
  { customer, space }: BeginSpaceInput
): Promise<GatewayOutcome> {
  try {
    const { already } = await migration.authorizeSpace(customer, space)
    return { status: already ? 'already' : 'authorized' }
  } catch (err) {
    if (!isPermanent(err)) throw err
    return {
      status: 'failed',
      error: `gateway authorization: ${(err as Error).message}`,
      reason: reasonOf(err),
    }
  }
}

/**
 * A space's last step: its row's final status and count. After a pass over every upload it
 * counts them again: uploads added behind the pass while it ran leave the space pending.
 */
export const finishSpace =
  (deps: ActivityDeps) =>
  async (input: FinishSpaceInput): Promise<FinishSpaceResult> => {
    try {
      return await closeSpace(deps, input, activityCountProgress())
    } catch (err) {
      throw toFailure(err)
    }
  }

export async function closeSpace(
  { migration, worker }: ActivityDeps,
  input: FinishSpaceInput,
  recountProgress: CountProgress
): Promise<FinishSpaceResult> {
  const { upload, migrationProgress } = migration.tables
  const total = input.recount
    ? await countUploads(upload, input.space, undefined, recountProgress)
    : undefined
  const added =
    total === undefined || input.completedUploads === undefined
      ? 0
      : Math.max(0, total - input.completedUploads)
  const status =
    added > 0 && input.status === 'completed' ? 'pending' : input.status
  const error = [
    input.error,
    added > 0
      ? `${added} uploads were added while the space was migrated; the next run takes them`
      : undefined,
  ]
    .filter(Boolean)
    .join('; ')
  await migrationProgress.update(input.customer, input.space, {
    status,
    ...(input.completedUploads === undefined
      ? {}
      : { completedUploads: input.completedUploads }),
    ...(total === undefined ? {} : { totalUploads: total }),
    workerId: worker.label,
    error,
  })
  return { added }
}
