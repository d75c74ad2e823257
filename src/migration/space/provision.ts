import { CBOR } from '@ucanto/core'
import type { MigrationSpacePorts } from './types.js'

/**
 * The subscription of a space, derived as w3infra's provisions store does (from the consumer
 * alone), so that a `provider/add` for the same space lands on the same row. A migration space
 * has exactly one customer, so the space alone determines the pair.
 */
export async function subscriptionId(space: string): Promise<string> {
  return (await CBOR.write({ consumer: space })).cid.toString()
}

/**
 * Provisions the space to the customer with the upload service as provider, by writing the
 * consumer and subscription rows directly. Rows already present are kept, so this can be rerun.
 */
export async function provisionMigrationSpace(
  deps: MigrationSpacePorts,
  customer: string,
  space: string
): Promise<void> {
  const subscription = await subscriptionId(space)
  const insertedAt = (deps.now?.() ?? new Date()).toISOString()
  const provider = deps.uploadServiceDid
  await deps.tables.subscription.putIfAbsent({
    subscription,
    provider,
    customer,
    insertedAt,
  })
  await deps.tables.consumer.putIfAbsent({
    subscription,
    provider,
    consumer: space,
    customer,
    insertedAt,
  })
}
