/**
 * The sandbox storage node, read this first: what upload-api's blob flow needs from a storage
 * provider (Storacha's piri). `blob/allocate` answers a presigned PUT URL; the client PUTs the
 * bytes there; `blob/accept` issues the location commitment and caches it at the indexer. The
 * stored blob is then public at `GET`/`HEAD /<multihash>/<multihash>.blob`.
 */
import type { IndexingServiceAPI } from '@storacha/upload-api'
import type { StorageService } from '@storacha/router/types'
import type {
  ConnectionView,
  PrincipalResolver,
  Signer,
} from '@ucanto/interface'
import type { HttpService } from '../http-service.js'

export interface StorageNodeOptions {
  /** Where `blob/accept` sends `claim/cache` of the location commitment. */
  indexingService: Pick<
    IndexingServiceAPI.ClientConfig,
    'invocationConfig' | 'connection'
  >
  /** Resolves the did:web of the upload service that invokes the node. */
  resolveDIDKey: Required<PrincipalResolver>['resolveDIDKey']
}

/** A running node, in the shape upload-api's router takes as a storage provider. */
export interface StorageNode extends HttpService {
  /** The node's own did:key, issuer of its location commitments. */
  id: Signer
  /** A ucanto connection to the node over HTTP, for the router's invocations. */
  connection: ConnectionView<StorageService>
}
