import dotenv from 'dotenv'
import {
  isStorachaEnv,
  PRESETS,
  STORACHA_ENVS,
  type StorachaEnv,
} from './environments.js'
import { parseBooleanFlag } from './checks.js'
import { DEAD_SETTINGS, type Need, SETTINGS, type Setting } from './settings.js'
import type {
  Config,
  ConfigWith,
  DynamoConfig,
  PublishingConfig,
  ServicesConfig,
  SigningConfig,
  TemporalConfig,
} from './types.js'
import { BadInput } from '../failures/index.js'

type Env = Readonly<Record<string, string | undefined>>
type Values = Record<string, string | undefined>

/** Every problem found in the configuration, one line each, so an operator fixes them in one go. */
export class ConfigError extends BadInput {
  override name = 'ConfigError' as const
  constructor(readonly problems: readonly string[]) {
    super(
      `Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`
    )
  }
}

export const DEFAULT_ENV: StorachaEnv = 'local'

/**
 * Loads `.env` (or the file named by ENV_FILE) into process.env without overriding what the
 * shell already set, so `STORACHA_ENV=production npm run …` always wins over a file.
 */
export function loadEnvFile(path = process.env.ENV_FILE ?? '.env'): void {
  dotenv.config({ path, quiet: true })
}

/**
 * Resolves, validates and types the configuration. Values come from the variable, then from an
 * older alias, then from the STORACHA_ENV preset, then from a fallback. Settings of the needs a
 * command declares are required; the rest are checked when present.
 */
export function loadConfig<N extends Need = never>(
  env: Env = process.env,
  needs: readonly N[] = []
): ConfigWith<N> {
  const problems: string[] = []
  const warnings: string[] = []
  const storachaEnv = resolveEnvironment(env, problems)
  const values = resolveValues(env, storachaEnv, problems, warnings)
  checkDeadSettings(env, problems, warnings)
  checkTogether(values, R2_SETTINGS, problems)
  checkTogether(
    values,
    ['TEMPORAL_TLS_CLIENT_CERT_PATH', 'TEMPORAL_TLS_CLIENT_KEY_PATH'],
    problems
  )

  for (const setting of SETTINGS) {
    const value = values[setting.name]
    if (value === undefined) {
      if (isRequired(setting, storachaEnv, needs)) {
        problems.push(`Missing env var: ${setting.name} (${setting.doc})`)
      }
      continue
    }
    const wrong = setting.check(value)
    if (wrong)
      problems.push(
        `${setting.name} ${wrong}${setting.secret ? '' : ` (got "${value}")`}`
      )
  }
  if (problems.length > 0) throw new ConfigError(problems)

  const config: Config = {
    env: storachaEnv,
    warnings,
    dynamo: buildDynamo(values),
    temporal: buildTemporal(values),
    services: buildServices(values),
    publishing: buildPublishing(values),
    signing: buildSigning(values),
  }
  return config as ConfigWith<N>
}

function resolveEnvironment(env: Env, problems: string[]): StorachaEnv {
  const raw = env.STORACHA_ENV?.trim() || DEFAULT_ENV
  if (isStorachaEnv(raw)) return raw
  problems.push(
    `STORACHA_ENV must be one of ${STORACHA_ENVS.join(', ')} (got "${raw}")`
  )
  return DEFAULT_ENV
}

function resolveValues(
  env: Env,
  storachaEnv: StorachaEnv,
  problems: string[],
  warnings: string[]
): Values {
  const values: Values = { STORACHA_ENV: storachaEnv }
  const preset = PRESETS[storachaEnv]
  for (const setting of SETTINGS) {
    const fromEnv = readVariable(env, setting, problems, warnings)
    values[setting.name] = fromEnv ?? preset[setting.name]
  }
  for (const setting of SETTINGS) {
    if (values[setting.name] !== undefined || setting.fallback === undefined)
      continue
    values[setting.name] =
      typeof setting.fallback === 'string'
        ? setting.fallback
        : setting.fallback(values)
  }
  return values
}

function readVariable(
  env: Env,
  setting: Setting,
  problems: string[],
  warnings: string[]
) {
  const own = nonEmpty(env[setting.name])
  for (const alias of setting.aliases ?? []) {
    const old = nonEmpty(env[alias])
    if (old === undefined) continue
    if (own !== undefined && own !== old) {
      problems.push(
        `${setting.name} and its old name ${alias} are both set, to different values: keep ${setting.name}`
      )
    } else if (own === undefined) {
      warnings.push(`${alias} is an old name: rename it to ${setting.name}`)
      return old
    }
  }
  return own
}

function checkDeadSettings(env: Env, problems: string[], warnings: string[]) {
  for (const [name, { fatal, instead }] of Object.entries(DEAD_SETTINGS)) {
    if (nonEmpty(env[name]) === undefined) continue
    const message = `${name} is not used by this tool: ${instead}`
    if (fatal && parseBooleanFlag(env[name])) problems.push(message)
    else warnings.push(message)
  }
}

const R2_SETTINGS = [
  'R2_DELEGATION_BUCKET_NAME',
  'R2_ENDPOINT',
  'R2_ACCESS_KEY_ID',
  'R2_SECRET_ACCESS_KEY',
]

function checkTogether(
  values: Values,
  names: readonly string[],
  problems: string[]
) {
  const missing = names.filter((name) => values[name] === undefined)
  if (missing.length > 0 && missing.length < names.length) {
    problems.push(
      `${names.join(', ')} go together: missing ${missing.join(', ')}`
    )
  }
}

function isRequired(
  setting: Setting,
  storachaEnv: StorachaEnv,
  needs: readonly Need[]
) {
  if (setting.need === undefined || !needs.includes(setting.need)) return false
  return !setting.localOnly || storachaEnv === 'local'
}

const nonEmpty = (value: string | undefined) =>
  value === undefined || value.trim() === '' ? undefined : value.trim()

/** Reads the given variables, or returns undefined when any of them is missing. */
function all<K extends string>(
  values: Values,
  names: readonly K[]
): Record<K, string> | undefined {
  const picked = {} as Record<K, string>
  for (const name of names) {
    const value = values[name]
    if (value === undefined) return undefined
    picked[name] = value
  }
  return picked
}

function buildDynamo(values: Values): DynamoConfig | undefined {
  const v = all(values, [
    'AWS_REGION',
    'UPLOAD_TABLE_NAME',
    'ALLOCATIONS_TABLE_NAME',
    'STORE_TABLE_NAME',
    'CONSUMER_TABLE_NAME',
    'SUBSCRIPTION_TABLE_NAME',
    'DELEGATION_TABLE_NAME',
    'MIGRATION_SPACES_TABLE_NAME',
    'MIGRATION_PROGRESS_TABLE_NAME',
    'MIGRATION_CUSTOMERS_TABLE_NAME',
    'MIGRATION_FAILURES_TABLE_NAME',
  ])
  if (!v) return undefined
  if (values.STORACHA_ENV === 'local' && values.DYNAMODB_ENDPOINT === undefined)
    return undefined
  return {
    region: v.AWS_REGION,
    endpoint: values.DYNAMODB_ENDPOINT,
    tables: {
      upload: v.UPLOAD_TABLE_NAME,
      allocation: v.ALLOCATIONS_TABLE_NAME,
      store: v.STORE_TABLE_NAME,
      consumer: v.CONSUMER_TABLE_NAME,
      subscription: v.SUBSCRIPTION_TABLE_NAME,
      delegation: v.DELEGATION_TABLE_NAME,
      migrationSpaces: v.MIGRATION_SPACES_TABLE_NAME,
      migrationProgress: v.MIGRATION_PROGRESS_TABLE_NAME,
      migrationCustomers: v.MIGRATION_CUSTOMERS_TABLE_NAME,
      migrationFailures: v.MIGRATION_FAILURES_TABLE_NAME,
    },
  }
}

function buildTemporal(values: Values): TemporalConfig | undefined {
  const v = all(values, [
    'TEMPORAL_ADDRESS',
    'TEMPORAL_NAMESPACE',
    'TEMPORAL_TASK_QUEUE',
  ])
  if (!v) return undefined
  const apiKey = values.TEMPORAL_API_KEY
  return {
    address: v.TEMPORAL_ADDRESS,
    namespace: v.TEMPORAL_NAMESPACE,
    taskQueue: v.TEMPORAL_TASK_QUEUE,
    apiKey,
    tls:
      values.TEMPORAL_TLS !== undefined
        ? parseBooleanFlag(values.TEMPORAL_TLS)
        : apiKey !== undefined ||
          values.TEMPORAL_TLS_CLIENT_CERT_PATH !== undefined,
    clientCertPath: values.TEMPORAL_TLS_CLIENT_CERT_PATH,
    clientKeyPath: values.TEMPORAL_TLS_CLIENT_KEY_PATH,
    uiUrl: values.TEMPORAL_UI_URL,
  }
}

function buildServices(values: Values): ServicesConfig | undefined {
  const v = all(values, [
    'INDEXING_SERVICE_URL',
    'INDEXING_SERVICE_DID',
    'INDEX_WORKER_URL',
    'CONTENT_CLAIMS_SERVICE_URL',
    'CLAIMS_SERVICE_DID',
    'UPLOAD_SERVICE_URL',
    'UPLOAD_SERVICE_DID',
    'GATEWAY_SERVICE_URL',
    'GATEWAY_SERVICE_DID',
    'PIRI_SERVICE_URL',
    'PIRI_SERVICE_DID',
    'BLOB_CARPARK_PUBLIC_URL',
    'STORE_CARPARK_PUBLIC_URL',
  ])
  if (!v) return undefined
  return {
    indexer: { url: v.INDEXING_SERVICE_URL, did: v.INDEXING_SERVICE_DID },
    indexWorkerUrl: v.INDEX_WORKER_URL,
    contentClaims: {
      url: v.CONTENT_CLAIMS_SERVICE_URL,
      did: v.CLAIMS_SERVICE_DID,
    },
    upload: { url: v.UPLOAD_SERVICE_URL, did: v.UPLOAD_SERVICE_DID },
    gateway: { url: v.GATEWAY_SERVICE_URL, did: v.GATEWAY_SERVICE_DID },
    piri: { url: v.PIRI_SERVICE_URL, did: v.PIRI_SERVICE_DID },
    carpark: {
      blobUrl: v.BLOB_CARPARK_PUBLIC_URL,
      storeUrl: v.STORE_CARPARK_PUBLIC_URL,
    },
  }
}

function buildPublishing(values: Values): PublishingConfig | undefined {
  const v = all(values, [
    'CLAIMS_BUCKET',
    'IPNI_BLOB_PUBLISHING_BUCKET',
    'IPNI_BLOB_PUBLISHING_QUEUE',
    'IPNI_STORE_PUBLISHING_BUCKET',
    'IPNI_STORE_PUBLISHING_QUEUE',
    'PIRI_PEER_ID',
    'STORE_PIRI_PEER_ID',
  ])
  if (!v) return undefined
  return {
    claimsBucket: v.CLAIMS_BUCKET,
    ipni: {
      blob: {
        bucket: v.IPNI_BLOB_PUBLISHING_BUCKET,
        queueUrl: v.IPNI_BLOB_PUBLISHING_QUEUE,
      },
      store: {
        bucket: v.IPNI_STORE_PUBLISHING_BUCKET,
        queueUrl: v.IPNI_STORE_PUBLISHING_QUEUE,
      },
    },
    peerIds: { blob: v.PIRI_PEER_ID, store: v.STORE_PIRI_PEER_ID },
    s3Endpoint: values.S3_ENDPOINT,
    sqsEndpoint: values.SQS_ENDPOINT,
  }
}

function buildSigning(values: Values): SigningConfig | undefined {
  const v = all(values, [
    'UPLOAD_SERVICE_PRIVATE_KEY',
    'GATEWAY_PRIVATE_KEY',
    'MIGRATION_AGENT_PRIVATE_KEY',
    'INDEXING_SERVICE_PROOF',
    'MIGRATION_ENCRYPTION_KEY',
    'DELEGATION_BUCKET_NAME',
  ])
  if (!v) return undefined
  const r2 = all(values, [
    'R2_DELEGATION_BUCKET_NAME',
    'R2_ENDPOINT',
    'R2_REGION',
    'R2_ACCESS_KEY_ID',
    'R2_SECRET_ACCESS_KEY',
  ])
  return {
    uploadServiceKey: v.UPLOAD_SERVICE_PRIVATE_KEY,
    gatewayKey: v.GATEWAY_PRIVATE_KEY,
    migrationAgentKey: v.MIGRATION_AGENT_PRIVATE_KEY,
    indexingServiceProof: v.INDEXING_SERVICE_PROOF,
    encryptionKey: new Uint8Array(
      Buffer.from(v.MIGRATION_ENCRYPTION_KEY, 'base64')
    ),
    delegationBucket: v.DELEGATION_BUCKET_NAME,
    r2: r2 && {
      bucket: r2.R2_DELEGATION_BUCKET_NAME,
      endpoint: r2.R2_ENDPOINT,
      region: r2.R2_REGION,
      accessKeyId: r2.R2_ACCESS_KEY_ID,
      secretAccessKey: r2.R2_SECRET_ACCESS_KEY,
    },
  }
}
