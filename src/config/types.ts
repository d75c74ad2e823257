import type { StorachaEnv } from './environments.js'
import type { Need } from './settings.js'

export interface TableNames {
  upload: string
  allocation: string
  store: string
  consumer: string
  subscription: string
  delegation: string
  migrationSpaces: string
  migrationProgress: string
  migrationCustomers: string
  migrationFailures: string
}

export interface DynamoConfig {
  region: string
  /** DynamoDB Local or another endpoint; undefined means AWS. */
  endpoint?: string
  tables: TableNames
}

export interface TemporalConfig {
  address: string
  namespace: string
  taskQueue: string
  apiKey?: string
  tls: boolean
  clientCertPath?: string
  clientKeyPath?: string
  /** The Web UI, for links to workflows; none when unset. */
  uiUrl?: string
}

export interface ServiceEndpoint {
  url: string
  did: string
}

export interface ServicesConfig {
  indexer: ServiceEndpoint
  indexWorkerUrl: string
  contentClaims: ServiceEndpoint
  upload: ServiceEndpoint
  gateway: ServiceEndpoint
  piri: ServiceEndpoint
  carpark: { blobUrl: string; storeUrl: string }
}

export interface IpniQueue {
  bucket: string
  queueUrl: string
}

export interface PublishingConfig {
  claimsBucket: string
  ipni: { blob: IpniQueue; store: IpniQueue }
  peerIds: { blob: string; store: string }
  s3Endpoint?: string
  sqsEndpoint?: string
}

export interface R2Config {
  bucket: string
  endpoint: string
  region: string
  accessKeyId: string
  secretAccessKey: string
}

export interface SigningConfig {
  uploadServiceKey: string
  gatewayKey: string
  migrationAgentKey: string
  indexingServiceProof: string
  /** 32 bytes, decoded from base64. */
  encryptionKey: Uint8Array
  delegationBucket: string
  r2?: R2Config
}

interface Groups {
  dynamo: DynamoConfig
  temporal: TemporalConfig
  services: ServicesConfig
  publishing: PublishingConfig
  signing: SigningConfig
}

/** The whole configuration; a group is present when every value it needs resolved. */
export type Config = { env: StorachaEnv; warnings: string[] } & Partial<Groups>

/** A configuration guaranteed to have the groups a command declared it needs. */
export type ConfigWith<N extends Need> = Config & Pick<Groups, N>
