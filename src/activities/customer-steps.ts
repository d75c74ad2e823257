import { log } from '@temporalio/activity'
import { isPermanent } from '../failures/index.js'
import { NO_PAUSE } from '../services/dynamo/pause-attributes.js'
import type {
  CustomerSource,
  ListPageInput,
  ListPageResult,
  ListSpacesInput,
  PrepareCustomerInput,
  PrepareCustomerResult,
  RecordCustomerInput,
} from '../workflows/types.js'
import { NO_UPLOADS } from '../workflows/types.js'
import { type ConsumerKey, sameRow } from '../services/dynamo/consumer-table.js'
import type { ActivityDeps } from './ports.js'
import { toFailure } from './to-failure.js'

/**
 * A customer's first step: its migration space (got or created, race-free) and its row in
 * progress. A migration space that cannot be used is reported, not thrown: it must not keep the
 * customer's spaces from their claims and gateway authorization.
 */
export const prepareCustomer =
  ({ migration }: ActivityDeps) =>
  async (input: PrepareCustomerInput): Promise<PrepareCustomerResult> => {
    const { migrationCustomers } = migration.tables
    try {
      // A completed customer's row stays completed unless this run finds otherwise.
      const wasCompleted =
        input.track &&
        (await migrationCustomers.get(input.customer))?.status === 'completed'
      if (input.track && !wasCompleted)
        await migrationCustomers.update(input.customer, {
          status: 'in-progress',
          error: '',
          // A new run starts unpaused: a pause left by one cancelled while paused is gone.
          ...NO_PAUSE,
          ...(input.instanceId ? { instanceId: input.instanceId } : {}),
        })
      const was = wasCompleted ? { wasCompleted } : {}
      if (!input.createMigrationSpace) return was
      const space = await migration.migrationSpace(input.customer)
      return { migrationSpace: space.did, ...was }
    } catch (err) {
      if (!isPermanent(err)) throw toFailure(err)
      log.warn(
        'migration space unusable; uploads that need an index will fail',
        {
          customer: input.customer,
          error: err.message,
        }
      )
      return { migrationSpaceUnusable: `migration space: ${err.message}` }
    }
  }

/** The customer's row: status and rolled-up counts (absolute values, so a retry is harmless). */
export const recordCustomer =
  ({ migration }: ActivityDeps) =>
  async (input: RecordCustomerInput): Promise<void> => {
    await migration.tables.migrationCustomers.update(input.customer, {
      status: input.status,
      completedSpaces: input.completedSpaces,
      completedUploads: input.completedUploads,
      error: input.error ?? '',
      ...(input.instanceId ? { instanceId: input.instanceId } : {}),
      ...(input.status === 'completed'
        ? { completedAt: new Date().toISOString() }
        : {}),
    })
  }

/**
 * One page of a customer's spaces to migrate: each space once, under its owner (a space the
 * consumer table lists twice, or provisioned to two customers, comes only in its owning row's
 * listing), never the customer's own migration space. A space whose row says completed is
 * reported finished (`skipCompleted`); `onlyFailed` lists the spaces with failure rows instead.
 */
export const listCustomerSpaces =
  ({ migration }: ActivityDeps) =>
  async (input: ListSpacesInput): Promise<ListPageResult> => {
    const { consumer, migrationSpaces, migrationFailures } = migration.tables
    try {
      if (input.onlyFailed)
        return await migrationFailures.failedSpacesPage(input.customer, {
          after: input.cursor,
          limit: input.pageSize,
        })
      const page = await consumer.rowsOfCustomerPage(input.customer, {
        cursor: input.cursor,
        limit: input.pageSize,
      })
      const own = (await migrationSpaces.get(input.customer))?.migrationSpace
      const owned = await ownedRows(
        consumer,
        page.items.filter((row) => row.consumer !== own)
      )
      const spaces = owned.map((row) => row.consumer)
      if (!input.skipCompleted) return { items: spaces, cursor: page.cursor }
      return {
        ...(await withoutCompleted(migration, input, spaces)),
        cursor: page.cursor,
      }
    } catch (err) {
      throw toFailure(err)
    }
  }

/** The rows that own their space; a log line names the spaces another customer owns. */
async function ownedRows(
  consumer: ActivityDeps['migration']['tables']['consumer'],
  rows: ConsumerKey[]
): Promise<ConsumerKey[]> {
  const owned = await Promise.all(
    rows.map(async (row) => ({
      row,
      owner: await consumer.ownerOf(row.consumer),
    }))
  )
  const elsewhere = owned.filter(
    ({ row, owner }) => owner && owner.customer !== row.customer
  )
  if (elsewhere.length > 0)
    log.info('spaces left to the customer who provisioned them first', {
      spaces: elsewhere.map(({ row, owner }) => ({
        space: row.consumer,
        owner: owner?.customer,
      })),
    })
  return owned
    .filter(({ row, owner }) => owner && sameRow(owner, row))
    .map(({ row }) => row)
}

/** Spaces whose row says completed leave the listing as finished, with their counts. */
async function withoutCompleted(
  migration: ActivityDeps['migration'],
  input: ListSpacesInput,
  spaces: string[]
): Promise<Pick<ListPageResult, 'items' | 'finished'>> {
  const rows = await migration.tables.migrationProgress.rowsOf(
    input.customer,
    spaces
  )
  const completed = (space: string) => rows.get(space)?.status === 'completed'
  return {
    items: spaces.filter((space) => !completed(space)),
    finished: spaces.filter(completed).map((space) => ({
      key: space,
      status: 'skipped',
      ...NO_UPLOADS,
      skipped: rows.get(space)?.completedUploads ?? 0,
    })),
  }
}

/** One page of an instance's customers: a given list, an instance's assignment, or every one planned. */
export const listCustomers =
  ({ migration }: ActivityDeps) =>
  async (
    input: ListPageInput & { source: CustomerSource }
  ): Promise<ListPageResult> => {
    const { source } = input
    const customers = migration.tables.migrationCustomers
    const page = { cursor: input.cursor, limit: input.pageSize }
    if (source.kind === 'instance')
      return customers.instancePage(source.instanceId, page)
    if (source.kind === 'all') return customers.allPage(page)
    const start = Number(input.cursor ?? 0)
    const end = start + input.pageSize
    return {
      items: source.customers.slice(start, end),
      cursor: end < source.customers.length ? String(end) : undefined,
    }
  }
