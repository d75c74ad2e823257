import type { RecordPauseInput } from '../workflows/types.js'
import type { ActivityDeps } from './ports.js'

/**
 * Shows on a customer's or a space's row why the migration paused itself (a service refusing
 * it), or clears it on resume, so that `monitor`, which reads only DynamoDB, shows it too.
 */
export const recordPause =
  ({ migration }: ActivityDeps) =>
  async (input: RecordPauseInput): Promise<void> => {
    const { migrationCustomers, migrationProgress } = migration.tables
    const pause =
      input.pausedBecause === undefined
        ? undefined
        : { reason: input.pausedBecause, at: input.at }
    if (input.space === undefined)
      await migrationCustomers.setPause(input.customer, pause)
    else await migrationProgress.setPause(input.customer, input.space, pause)
  }
