import type { UcantoServerTestContext } from '@storacha/upload-api'
import * as Provider from '@storacha/capabilities/provider'
import type { DID, Signer } from '@ucanto/interface'
import {
  InvalidProvision,
  ProvisionConflict,
  ProvisionFailed,
} from './errors.js'

export type SpaceDID = DID<'key'>
export type CustomerDID = DID<'mailto'>

/**
 * Makes `service` the storage provider of `space` for `customer`, as `provider/add` would, but
 * in-process. Provisioning the same space for the same customer again is a no-op.
 */
export async function provisionSpace(
  context: Pick<UcantoServerTestContext, 'provisionsStorage'>,
  service: Signer<DID<'web'>>,
  space: string,
  customer: string
): Promise<void> {
  const consumer = asSpace(space)
  const account = asCustomer(customer)
  const existing = await context.provisionsStorage.getConsumer(
    service.did(),
    consumer
  )
  if (existing.ok) {
    if (existing.ok.customer === account) return
    throw new ProvisionConflict(consumer, existing.ok.customer, account)
  }
  // The in-memory store keeps the cause but never reads it; a real one records the invocation.
  const cause = await Provider.add
    .invoke({
      issuer: service,
      audience: service,
      with: account,
      nb: { provider: service.did(), consumer },
    })
    .delegate()
  const put = await context.provisionsStorage.put({
    cause,
    consumer,
    customer: account,
    provider: service.did(),
  })
  if (put.error) throw new ProvisionFailed(put.error.message)
}

function asSpace(value: string): SpaceDID {
  if (!/^did:key:z[1-9A-HJ-NP-Za-km-z]+$/.test(value))
    throw new InvalidProvision(`not a did:key space: ${value}`)
  // The pattern above is the did:key shape.
  return value as SpaceDID
}

function asCustomer(value: string): CustomerDID {
  if (!/^did:mailto:[^:]+:[^:]+$/.test(value))
    throw new InvalidProvision(`not a did:mailto customer: ${value}`)
  // The pattern above is the did:mailto shape.
  return value as CustomerDID
}
