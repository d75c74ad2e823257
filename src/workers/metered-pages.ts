import { CancelledFailure } from '@temporalio/common'
import type { Activities } from '../activities/index.js'
import type {
  MigrationMetrics,
  PageOutcome,
} from '../metrics/migration-metrics.js'

/**
 * The activities, with the three that run pages (`migrateUploadPage`; `migrateSmallSpaces`, a
 * batch of small spaces' pages; `migrateSmallCustomers`, a batch of small customers' spaces)
 * counted: how many run now, and how each attempt ended and took.
 */
export function meteredPages(
  activities: Activities,
  metrics: MigrationMetrics
): Activities {
  return {
    ...activities,
    migrateUploadPage: metered(
      'migrateUploadPage',
      activities.migrateUploadPage,
      metrics
    ),
    migrateSmallSpaces: metered(
      'migrateSmallSpaces',
      activities.migrateSmallSpaces,
      metrics
    ),
    migrateSmallCustomers: metered(
      'migrateSmallCustomers',
      activities.migrateSmallCustomers,
      metrics
    ),
  }
}

function metered<I, R>(
  activity: string,
  run: (input: I) => Promise<R>,
  metrics: MigrationMetrics
): (input: I) => Promise<R> {
  let running = 0
  metrics.pagesInFlight(activity, running)
  return async (input) => {
    const started = performance.now()
    metrics.pagesInFlight(activity, ++running)
    let outcome: PageOutcome = 'failed'
    try {
      const result = await run(input)
      outcome = 'ok'
      return result
    } catch (err) {
      if (err instanceof CancelledFailure) outcome = 'cancelled'
      throw err
    } finally {
      metrics.pagesInFlight(activity, --running)
      metrics.page(activity, outcome, (performance.now() - started) / 1000)
    }
  }
}
