import { log } from '@temporalio/activity'
import { isPermanent } from '../failures/index.js'
import { NO_PAUSE } from '../services/dynamo/pause-attributes.js'
import type {
  CustomerSource,
  ListPageInput,
  ListPageResult,
  PrepareCustomerInput,
  PrepareCustomerResult,
  RecordCustomerInput,
} from '../workflows/types.js'
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
    try {
      if (input.track)
        await migration.tables.migrationCustomers.update(input.customer, {
          status: 'in-progress',
          error: '',
          // A new run starts unpaused: a pause left by one cancelled while paused is gone.
          ...NO_PAUSE,
          ...(input.instanceId ? { instanceId: input.instanceId } : {}),
        })
      if (!input.createMigrationSpace) return {}
      const space = await migration.migrationSpace(input.customer)
      return { migrationSpace: space.did }
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

/** One page of a customer's spaces, leaving out its own migration space. */
export const listCustomerSpaces =
  ({ migration }: ActivityDeps) =>
  async (
    input: ListPageInput & { customer: string }
  ): Promise<ListPageResult> => {
    const { consumer, migrationSpaces } = migration.tables
    const page = await consumer.spacesOfCustomerPage(input.customer, {
      cursor: input.cursor,
      limit: input.pageSize,
    })
    const own = (await migrationSpaces.get(input.customer))?.migrationSpace
    return { ...page, items: page.items.filter((space) => space !== own) }
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
