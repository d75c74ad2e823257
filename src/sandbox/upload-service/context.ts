import http from 'node:http'
import {
  type Agent,
  connect,
  createServer,
  type Service,
  type UcantoServerTestContext,
} from '@storacha/upload-api'
import {
  cleanupContext,
  createContext,
} from '@storacha/upload-api/test/context'
import { BlobRetriever } from '@storacha/upload-api/test/external-service'
import * as RoutingService from '@storacha/router/test/router'
import { error, ok } from '@ucanto/core'
import type { DID, DIDKey, PrincipalResolver, Signer } from '@ucanto/interface'
import { DIDResolutionError } from '@ucanto/validator'
import { Verifier } from '../../principal/index.js'
import type { Ledger } from '../ledger.js'
import {
  type StorageNode,
  type StorageNodeOptions,
  startStorageNode,
} from '../storage-node/index.js'
import { InvalidServiceSigner } from './errors.js'
import {
  externalIndexingService,
  type IndexerEndpoint,
} from './external-indexer.js'
import {
  type ConsumerLookup,
  consumerBackedProvisions,
} from './consumer-backed-provisions.js'
import { recordingRegistry } from './recording-registry.js'
import { recordingRevocations } from './recording-revocations.js'

const STORAGE_NODES = 3

export type ServiceDID = DID<'web'>

export interface ServiceContextOptions {
  signer: Signer
  ledger: Ledger
  indexer?: IndexerEndpoint
  /**
   * did:web → did:key of other services whose invocations the service verifies (the gateway's
   * `ucan/revoke`), as w3infra resolves the did:webs it knows.
   */
  didKeys?: Readonly<Record<string, DIDKey>>
  /** Handler errors upload-api reports instead of answering them. */
  onError: (error: unknown) => void
}

/** upload-api's in-process test context, re-keyed to our signer, and the ucanto agent serving it. */
export interface ServiceContext {
  stores: Pick<
    UcantoServerTestContext,
    'agentStore' | 'provisionsStorage' | 'revocationsStorage'
  >
  agent: Agent<Service>
  service: Signer<ServiceDID>
  /** Base URLs of the storage nodes' HTTP servers (blob PUT and GET by location URL). */
  storageNodeUrls: string[]
  /** Also accept spaces provisioned in this consumer table (by a worker in another process). */
  readProvisionsFrom(lookup: ConsumerLookup): void
  close(): Promise<void>
}

/**
 * `createContext` hard-codes a random signer as did:web:test.up.storacha.network, and its storage
 * nodes and router trust only that key. So this keeps its stores but replaces the storage nodes
 * (ours, resolving our did:web to our key), the router (issuing as us) and the ucanto server.
 */
export async function createServiceContext(
  options: ServiceContextOptions
): Promise<ServiceContext> {
  const service = webSigner(options.signer)
  const base = await createContext({
    http,
    assert: { fail: options.onError },
    // Seeds the provisions store's provider list; 0 is upload-api's "no limit".
    providers: { [service.did()]: 0 },
  })
  try {
    return await rekey(base, service, options)
  } catch (err) {
    await cleanupContext(base)
    throw err
  }
}

async function rekey(
  base: UcantoServerTestContext,
  service: Signer<ServiceDID>,
  options: ServiceContextOptions
): Promise<ServiceContext> {
  const indexingService = options.indexer
    ? externalIndexingService(options.indexer, service)
    : base.indexingService
  const storageProviders = await activateStorageNodes(
    indexingService,
    resolverFor(service)
  )
  await Promise.all(base.storageProviders.map((node) => node.deactivate()))
  const provisions = consumerBackedProvisions(base.provisionsStorage, service)
  const revocationsStorage = recordingRevocations(
    base.revocationsStorage,
    options.ledger
  )
  const agent = createServer({
    ...base,
    provisionsStorage: provisions.storage,
    revocationsStorage,
    ...resolverFor(service, options.didKeys),
    id: service,
    signer: service,
    ...nodeCryptoVerifier,
    router: RoutingService.create(service, storageProviders),
    maxReplicas: storageProviders.length,
    indexingService,
    // The context's retriever reads claims from the mock indexer it was built with.
    blobRetriever: options.indexer
      ? BlobRetriever.create(indexingService, base.claimsService)
      : base.blobRetriever,
    registry: recordingRegistry(base.registry, options.ledger),
    getServiceConnection: () => connection,
  })
  const connection = connect({ id: service, channel: agent })
  return {
    stores: { ...base, revocationsStorage },
    agent,
    service,
    storageNodeUrls: storageProviders.map((node) => node.url),
    readProvisionsFrom: provisions.readFrom,
    // `base` still owns the mock indexer and stores, which cleanupContext deactivates; the test
    // storage nodes it came with were deactivated above.
    close: async () => {
      await Promise.all([
        cleanupContext({ ...base, storageProviders: [] }),
        ...storageProviders.map((node) => node.close()),
      ])
    },
  }
}

/**
 * upload-api hands its options on to ucanto's `Server.create`, whose `principal` option parses
 * issuers for signature checks; its context type does not name the option, hence the spread.
 */
const nodeCryptoVerifier = { principal: Verifier }

function webSigner(signer: Signer): Signer<ServiceDID> {
  if (!signer.did().startsWith('did:web:'))
    throw new InvalidServiceSigner(signer.did())
  // Checked just above: the DID is a did:web.
  return signer as Signer<ServiceDID>
}

/** Lets verifiers of our invocations find the ed25519 key behind our did:web (and others'). */
function resolverFor(
  service: Signer,
  others: Readonly<Record<string, DIDKey>> = {}
): Required<PrincipalResolver> {
  const keys = new Map<string, DIDKey>(Object.entries(others))
  keys.set(service.did(), service.toDIDKey())
  return {
    resolveDIDKey: (did) => {
      const key = keys.get(did)
      return key ? ok([key]) : error(new DIDResolutionError(did))
    },
  }
}

function activateStorageNodes(
  indexingService: StorageNodeOptions['indexingService'],
  resolver: Required<PrincipalResolver>
): Promise<StorageNode[]> {
  return Promise.all(
    Array.from({ length: STORAGE_NODES }, () =>
      startStorageNode({ indexingService, ...resolver })
    )
  )
}
