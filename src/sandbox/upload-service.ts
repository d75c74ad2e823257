import type { RevocationsStorage } from '@storacha/upload-api'
import type { DIDKey, Signer } from '@ucanto/interface'
import type { Faults } from './faults.js'
import { startHttpService } from './http-service.js'
import type { Ledger } from './ledger.js'
import { createServiceContext } from './upload-service/context.js'
import type { IndexerEndpoint } from './upload-service/external-indexer.js'
import type { ConsumerLookup } from './upload-service/consumer-backed-provisions.js'
import { WritesSwitch } from './upload-service/writes-switch.js'
import { provisionSpace } from './upload-service/provision.js'
import { uploadServiceRoutes } from './upload-service/routes.js'

export type { IndexerEndpoint } from './upload-service/external-indexer.js'
export { DEFAULT_CUSTOMER } from './upload-service/routes.js'
export * from './upload-service/errors.js'

export interface UploadServiceOptions {
  /** The service's key; must carry a did:web (`sandboxIdentities().uploadService`). */
  signer: Signer
  /** Gets one `blob-added` per blob newly registered in a space. */
  ledger: Ledger
  /** Where storage nodes send `claim/cache` and the service queries claims; else a mock in-process. */
  indexer?: IndexerEndpoint
  /** did:web → did:key of the services whose invocations it verifies (the gateway's `ucan/revoke`). */
  didKeys?: Readonly<Record<string, DIDKey>>
  /** Handler errors upload-api reports but does not answer with (default: console.error). */
  onError?: (error: unknown) => void
}

/** upload-api's in-process service (space/blob/add and the rest) served over HTTP. */
export interface UploadService {
  name: string
  /** The ucanto endpoint; receipts are at `<url>/receipt/<task CID>`. */
  url: string
  did: `did:web:${string}`
  faults: Faults
  /** Requests served so far (as `HttpService.requests`). */
  readonly requests: number
  /** The URLs of the storage nodes' HTTP servers, which serve stored blobs by location URL. */
  storageNodes: string[]
  /** Storacha's write kill-switch: `writes.disabled = true` refuses writes with ServiceUnavailable. */
  writes: WritesSwitch
  /** The revocations `ucan/revoke` stored (upload-api's store), which the sandbox gateway reads. */
  revocations: RevocationsStorage
  /** Lets `space` store blobs here, billed to `customer` (a did:mailto). Idempotent. */
  provision(space: string, customer: string): Promise<void>
  /** Also accept spaces provisioned in a DynamoDB consumer table, as w3infra does. */
  readProvisionsFrom(lookup: ConsumerLookup): void
  close(): Promise<void>
}

export async function startUploadService(
  options: UploadServiceOptions
): Promise<UploadService> {
  const writes = new WritesSwitch()
  const { stores, agent, service, storageNodeUrls, readProvisionsFrom, close } =
    await createServiceContext({
      ...options,
      onError: options.onError ?? ((error) => console.error(error)),
    })
  const provision = (space: string, customer: string) =>
    provisionSpace(stores, service, space, customer)
  const http = await startHttpService(
    'upload-service',
    uploadServiceRoutes({
      agent,
      signer: service,
      writes,
      receipts: stores.agentStore.receipts,
      provision,
    })
  ).catch(async (error: unknown) => {
    await close()
    throw error
  })
  return {
    name: http.name,
    url: http.url,
    did: service.did(),
    faults: http.faults,
    get requests() {
      return http.requests
    },
    storageNodes: storageNodeUrls,
    writes,
    revocations: stores.revocationsStorage,
    provision,
    readProvisionsFrom,
    close: async () => {
      await http.close()
      await close()
    },
  }
}
