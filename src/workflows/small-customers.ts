import { proxyActivities } from '@temporalio/workflow'
import type { Activities } from '../activities/index.js'
import type { Control } from './control.js'
import {
  authorizesGateway,
  skipsCompleted,
  tracksProgress,
  uploadStepsOf,
  writesIndexes,
} from './modes.js'
import type { Batcher } from './sliding-window.js'
import type { InstanceInput, Tuning, WindowState } from './types.js'

/** Customers per batch activity: a page of listed customers makes four batches at most. */
export const CUSTOMERS_PER_BATCH = 25

/** A customer's spaces listed at once, as its workflow lists them. */
export const SPACES_PER_PAGE = 100

/**
 * The batch of small customers (`migrateSmallCustomers`), for an instance run over whole
 * customers, or none: `--retry-failed`, a `--limit`, `smallCustomerUploads: 0` (and a run
 * started before it existed, which has no such field) or `smallSpaceUploads: 0` give each
 * customer its workflow. A customer handed back gets its workflow started from the window the
 * batch left (`state.handedBack`, read by the instance's `startChild`). Refused: the instance
 * pauses (`control.refuse`), the customers refused go to their workflows, and the ones not begun
 * back to the batch for after the resume.
 */
export function smallCustomerBatcher(
  input: InstanceInput,
  control: Control,
  state: WindowState
): Batcher | undefined {
  const threshold = input.tuning.smallCustomerUploads ?? 0
  const spaces = input.tuning.smallSpaceUploads ?? 0
  if (threshold <= 0 || spaces <= 0 || input.onlyFailed) return undefined
  if (input.limit !== undefined) return undefined
  return {
    size: CUSTOMERS_PER_BATCH,
    async run(customers) {
      const tuning = control.tuning
      const batch = await batchActivity(tuning).migrateSmallCustomers({
        customers,
        instanceId: input.instanceId,
        steps: uploadStepsOf(input.mode),
        track: tracksProgress(input.mode),
        skipCompleted: skipsCompleted(input),
        authorizeGateway: authorizesGateway(input.mode),
        createMigrationSpace: writesIndexes(input.mode),
        smallSpaceUploads: tuning.smallSpaceUploads ?? spaces,
        smallCustomerUploads: tuning.smallCustomerUploads ?? threshold,
        spacesPerPage: SPACES_PER_PAGE,
        pageSize: tuning.pageSize,
        uploadConcurrency: tuning.uploadConcurrency,
        spaceConcurrency: tuning.spaceConcurrency,
        customerConcurrency: tuning.customerConcurrency,
      })
      state.handedBack = { ...state.handedBack, ...batch.handedBack }
      if (batch.refused) await control.refuse(batch.refused.reason)
      return {
        finished: batch.finished,
        children: Object.keys(batch.handedBack),
        rest: batch.refused?.rest ?? [],
      }
    },
  }
}

/** As the batch of small spaces: a dead worker found by heartbeat, retries not capped. */
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
