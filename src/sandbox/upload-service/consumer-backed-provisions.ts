import type { UcantoServerTestContext } from '@storacha/upload-api'
import type { DID, Signer } from '@ucanto/interface'
import { provisionSpace } from './provision.js'

type ProvisionsStorage = UcantoServerTestContext['provisionsStorage']

/** The customer a space is provisioned to in a consumer table, if any. */
export type ConsumerLookup = (space: string) => Promise<string | undefined>

/** Provisions of customers that are not did:mailto accounts are billed to this one. */
export const NON_ACCOUNT_CUSTOMER = 'did:mailto:sandbox.local:migration'

/**
 * upload-api's in-memory provisions store, which also answers from a DynamoDB consumer table as
 * w3infra's store does: a space provisioned there by another process (a migration worker
 * writing the migration space's consumer row) can store blobs here. The lookup is set later,
 * once the tables exist.
 */
export function consumerBackedProvisions(
  base: ProvisionsStorage,
  service: Signer<DID<'web'>>
) {
  let lookup: ConsumerLookup | undefined
  const syncFromTable = async (space: string) => {
    if (!lookup) return
    const known = await base.getStorageProviders(space as DID<'key'>)
    if (known.ok && known.ok.length > 0) return
    const customer = await lookup(space)
    if (customer === undefined) return
    await provisionSpace(
      { provisionsStorage: base },
      service,
      space,
      customer.startsWith('did:mailto:') ? customer : NON_ACCOUNT_CUSTOMER
    )
  }
  const storage: ProvisionsStorage = Object.assign(
    Object.create(base) as ProvisionsStorage,
    {
      getStorageProviders: async (space: DID<'key'>) => {
        await syncFromTable(space)
        return base.getStorageProviders(space)
      },
      getConsumer: async (provider: DID<'web'>, space: DID<'key'>) => {
        await syncFromTable(space)
        return base.getConsumer(provider, space)
      },
    }
  )
  return {
    storage,
    readFrom(next: ConsumerLookup) {
      lookup = next
    },
  }
}
