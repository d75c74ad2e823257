/**
 * The two principals that touch AWS, by the entry points of their code. Their DynamoDB access
 * is derived from that code (`CodeAccess.dynamo`); the rest is stated here, each with the
 * reason, and checked against the code by test/unit/deploy-policy.test.ts.
 */
export interface Role {
  /** The logical name of its managed policy in the template. */
  policy: string
  description: string
  /** The files whose imports make up what it runs. */
  entryPoints: readonly string[]
}

export const WORKER: Role = {
  policy: 'WorkerPolicy',
  description:
    'The migration worker on each host: reads the legacy tables, provisions migration spaces, writes progress and failures, publishes claims and IPNI jobs.',
  // `reauthorize` redoes the worker's gateway step with the worker's keys, so it runs as one.
  entryPoints: ['src/workers/main.ts', 'src/client/reauthorize/command.ts'],
}

/** setup-distribution, migrate, monitor, dashboard, control, stats, reset and estimate. */
export const OPERATOR: Role = {
  policy: 'OperatorPolicy',
  description:
    'The operator CLI: setup-distribution, migrate, monitor, dashboard, control, stats, reset, estimate, and create-tables --plan.',
  entryPoints: [
    'src/client/distribution/command.ts',
    'src/client/migrate/command.ts',
    'src/client/monitor/command.ts',
    'src/client/dashboard/command.ts',
    'src/client/control/command.ts',
    'src/client/stats/command.ts',
    'src/client/reset/command.ts',
    'src/client/estimate/command.ts',
  ],
}

/**
 * `create-tables --plan` describes every table (src/services/dynamo/table-plan.ts); creation
 * refuses to run against AWS, so no role gets CreateTable.
 */
export const PLAN_FILE = 'src/services/dynamo/table-plan.ts'
export const PLAN_ACTIONS = ['dynamodb:DescribeTable'] as const

/** The buckets the worker writes to or reads from, by the BlobStore methods it calls on each. */
export interface BucketUse {
  /** The template parameter holding the bucket's name. */
  parameter: string
  /** The configuration variable that names it for the worker. */
  variable: string
  description: string
  /** BlobStore methods (src/services/object-store/s3.ts) called on it. */
  methods: readonly ('put' | 'get' | 'size' | 'delete')[]
}

export const WORKER_BUCKETS: readonly BucketUse[] = [
  {
    parameter: 'ClaimsBucketName',
    variable: 'CLAIMS_BUCKET',
    description:
      'Location claim archives: written by the claims step (claims/publish.ts), read back by verify when the indexer lags (verify/stored-claims.ts).',
    methods: ['put', 'get'],
  },
  {
    parameter: 'IpniBlobBucketName',
    variable: 'IPNI_BLOB_PUBLISHING_BUCKET',
    description:
      'IPNI job objects of blob-protocol shards: written before the message, deleted if it cannot be sent (ipni-queue/sqs.ts).',
    methods: ['put', 'delete'],
  },
  {
    parameter: 'IpniStoreBucketName',
    variable: 'IPNI_STORE_PUBLISHING_BUCKET',
    description:
      'IPNI job objects of store-protocol shards, as the blob bucket.',
    methods: ['put', 'delete'],
  },
  {
    parameter: 'DelegationBucketName',
    variable: 'DELEGATION_BUCKET_NAME',
    description:
      'Delegation CARs: owner delegations read by the gateway step (delegations/load-delegation.ts), the migration space delegation written (space/delegate.ts).',
    methods: ['put', 'get'],
  },
]

/** The FIFO queues the worker sends IPNI jobs to (ipni-queue/sqs.ts, SendMessageBatch only). */
export const WORKER_QUEUES = [
  {
    parameter: 'IpniBlobQueueArn',
    variable: 'IPNI_BLOB_PUBLISHING_QUEUE',
    description: 'ARN of the blob-protocol IPNI publishing FIFO queue',
  },
  {
    parameter: 'IpniStoreQueueArn',
    variable: 'IPNI_STORE_PUBLISHING_QUEUE',
    description: 'ARN of the store-protocol IPNI publishing FIFO queue',
  },
] as const

/** Every file the analysis starts from. */
export const ENTRY_POINTS = [
  ...WORKER.entryPoints,
  ...OPERATOR.entryPoints,
  PLAN_FILE,
]
