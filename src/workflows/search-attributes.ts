import {
  defineSearchAttributeKey,
  type SearchAttributePair,
  SearchAttributeType,
} from '@temporalio/common'

/**
 * The custom search attributes every migration workflow carries, so that an operator finds any
 * customer or space with `temporal workflow list --query` and in the Web UI. The local stack
 * registers them when it starts; a production namespace needs them created once (README).
 */
export const MigrationEnv = defineSearchAttributeKey(
  'MigrationEnv',
  SearchAttributeType.KEYWORD
)
export const MigrationInstance = defineSearchAttributeKey(
  'MigrationInstance',
  SearchAttributeType.KEYWORD
)
export const MigrationCustomer = defineSearchAttributeKey(
  'MigrationCustomer',
  SearchAttributeType.KEYWORD
)
export const MigrationSpace = defineSearchAttributeKey(
  'MigrationSpace',
  SearchAttributeType.KEYWORD
)
export const MigrationMode = defineSearchAttributeKey(
  'MigrationMode',
  SearchAttributeType.KEYWORD
)
export const MigrationStatus = defineSearchAttributeKey(
  'MigrationStatus',
  SearchAttributeType.KEYWORD
)
export const MigrationUploadsDone = defineSearchAttributeKey(
  'MigrationUploadsDone',
  SearchAttributeType.INT
)
export const MigrationUploadsFailed = defineSearchAttributeKey(
  'MigrationUploadsFailed',
  SearchAttributeType.INT
)

export const SEARCH_ATTRIBUTES = [
  MigrationEnv,
  MigrationInstance,
  MigrationCustomer,
  MigrationSpace,
  MigrationMode,
  MigrationStatus,
  MigrationUploadsDone,
  MigrationUploadsFailed,
] as const

/** The attributes a migration workflow starts with, so that it is findable from its first event. */
export function migrationSearchAttributes(scope: {
  env: string
  mode: string
  instanceId?: string
  customer?: string
  space?: string
}): SearchAttributePair[] {
  const pairs: SearchAttributePair[] = [
    { key: MigrationEnv, value: scope.env },
    { key: MigrationMode, value: scope.mode },
    { key: MigrationStatus, value: 'running' },
  ]
  if (scope.instanceId)
    pairs.push({ key: MigrationInstance, value: scope.instanceId })
  if (scope.customer)
    pairs.push({ key: MigrationCustomer, value: scope.customer })
  if (scope.space) pairs.push({ key: MigrationSpace, value: scope.space })
  return pairs
}
