import { proxyActivities } from '@temporalio/workflow'
import type { Activities } from '../activities/index.js'
import type { Control } from './control.js'
import {
  authorizesGateway,
  skipsCompleted,
  tracksProgress,
  uploadStepsOf,
} from './modes.js'
import type { Batcher } from './sliding-window.js'
import type { CustomerInput, Tuning } from './types.js'

/** Spaces per batch activity: a page of listed spaces makes four batches at most. */
export const SPACES_PER_BATCH = 25

/**
 * The batch of small spaces (`migrateSmallSpaces`), for a customer run over all of its spaces,
 * or none: a run given spaces (`--space`), one upload (`--cid`), the failed uploads
 * (`--retry-failed`) or a `--limit` gives each space its workflow, as does
 * `smallSpaceUploads: 0` (and a run started before it existed, which has no such field).
 * Refused: the customer pauses (`control.refuse`), and the spaces not run go back to the batch
 * for after the resume.
 */
export function smallSpaceBatcher(
  input: CustomerInput,
  control: Control,
  settled?: () => void
): Batcher | undefined {
  const threshold = input.tuning.smallSpaceUploads ?? 0
  if (threshold <= 0 || input.spaces || input.root || input.onlyFailed)
    return undefined
  if (input.limit !== undefined) return undefined
  return {
    size: SPACES_PER_BATCH,
    settled,
    async run(spaces) {
      const tuning = control.tuning
      const batch = await batchActivity(tuning).migrateSmallSpaces({
        customer: input.customer,
        spaces,
        instanceId: input.instanceId,
        steps: uploadStepsOf(input.mode),
        track: tracksProgress(input.mode),
        skipCompleted: skipsCompleted(input),
        authorizeGateway: authorizesGateway(input.mode),
        smallSpaceUploads: tuning.smallSpaceUploads ?? threshold,
        pageSize: tuning.pageSize,
        uploadConcurrency: tuning.uploadConcurrency,
        spaceConcurrency: tuning.spaceConcurrency,
      })
      if (batch.refused) await control.refuse(batch.refused.reason)
      return {
        finished: batch.finished,
        children: batch.large,
        rest: batch.refused?.rest ?? [],
      }
    },
  }
}

/**
 * The batch's options: as the page's (a dead worker found by heartbeat, retries not capped, a
 * poison upload bounded by its attempt budget in the checkpoint), with room for a batch of pages.
 */
const batchActivity = ({ heartbeatSeconds }: Tuning) =>
  proxyActivities<Activities>({
    startToCloseTimeout: '2 hours',
    heartbeatTimeout: `${heartbeatSeconds} seconds`,
    retry: {
      initialInterval: '1 second',
      backoffCoefficient: 2,
      maximumInterval: '1 minute',
    },
  })
