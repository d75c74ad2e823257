import { heartbeat } from '@temporalio/activity'
import { isPermanent, reasonOf } from '../failures/index.js'
import { NO_PAUSE } from '../services/dynamo/pause-attributes.js'
import type {
  BeginSpaceInput,
  BeginSpaceResult,
  FinishSpaceInput,
  GatewayOutcome,
} from '../workflows/types.js'
import type { ActivityDeps } from './ports.js'
import { toFailure } from './to-failure.js'

/**
 * A space's first step: count its uploads, mark its row in progress, and authorize the gateway
 * for it once, unless it is empty. A permanent gateway refusal (no owner delegation) is returned, not thrown: the
 * uploads still get their index and claims, and the space ends failed with that error.
 */
export const beginSpace =
  ({ migration, worker }: ActivityDeps) =>
  async (input: BeginSpaceInput): Promise<BeginSpaceResult> => {
    const { tables } = migration
    try {
      heartbeat()
      const totalUploads = await tables.upload.count(input.space)
      if (input.track)
        await tables.migrationProgress.update(input.customer, input.space, {
          status: 'in-progress',
          totalUploads,
          // A new run counts from zero; its pages only move the count forward.
          completedUploads: 0,
          workerId: worker.identity,
          error: '',
          gatewayReason: '',
          ...NO_PAUSE,
          ...(input.instanceId ? { instanceId: input.instanceId } : {}),
        })
      // An empty space has nothing to serve: no authorization, and no failure for lacking one.
      const gateway =
        input.authorizeGateway && totalUploads > 0
          ? await authorize(migration, input)
          : { status: 'skipped' as const }
      // Counted by reason in monitor and stats, as the failed uploads are.
      if (input.track && gateway.reason)
        await tables.migrationProgress.update(input.customer, input.space, {
          gatewayReason: gateway.reason,
        })
      return { totalUploads, completedUploads: 0, gateway }
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

/** A space's last step: its row's final status and count. */
export const finishSpace =
  ({ migration, worker }: ActivityDeps) =>
  async (input: FinishSpaceInput): Promise<void> => {
    await migration.tables.migrationProgress.update(
      input.customer,
      input.space,
      {
        status: input.status,
        ...(input.completedUploads === undefined
          ? {}
          : { completedUploads: input.completedUploads }),
        workerId: worker.identity,
        error: input.error ?? '',
      }
    )
  }
