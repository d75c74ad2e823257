import type {
  CustomerProgress,
  CustomerProgressUpdate,
} from '../../services/dynamo/migration-customers-table.js'
import type {
  SpaceProgress,
  SpaceProgressUpdate,
} from '../../services/dynamo/migration-progress-table.js'
import type { Scope } from '../shared/scope.js'

/** Rows listed by name in the preview; the rest are counted. */
export const LIST_LIMIT = 20

/**
 * What a space's progress row becomes. `lastProcessedUpload` is emptied rather than removed: the
 * table helper's update only sets attributes (and nothing reads an empty one as a position).
 * `gatewayDelegation`, `totalUploads`, `instanceId` and `workerId` are not named, so they stay.
 */
export const RESET_PROGRESS = {
  status: 'pending',
  completedUploads: 0,
  lastProcessedUpload: '',
  error: '',
} as const satisfies SpaceProgressUpdate

/** What a customer's row becomes when the whole customer is reset. */
export const RESET_CUSTOMER = {
  status: 'pending',
  completedSpaces: 0,
  completedUploads: 0,
  error: '',
} as const satisfies CustomerProgressUpdate

/**
 * The customer row's fields for a reset of `scope`: a single space leaves the customer pending
 * (it is no longer complete) and its counts to the customer's next run, which sets them anew.
 * `completedAt` is emptied when set, as removal is not available.
 */
export function customerReset(
  scope: Scope,
  row: Pick<CustomerProgress, 'completedAt'>
): CustomerProgressUpdate {
  const base: CustomerProgressUpdate =
    scope.kind === 'space' ? { status: 'pending' } : { ...RESET_CUSTOMER }
  return row.completedAt ? { ...base, completedAt: '' } : base
}

/** A progress row that is already what a reset would make it is not written again. */
export const progressNeedsReset = (
  row: Pick<
    SpaceProgress,
    'status' | 'completedUploads' | 'lastProcessedUpload' | 'error'
  >
): boolean =>
  row.status !== 'pending' ||
  row.completedUploads !== 0 ||
  Boolean(row.lastProcessedUpload) ||
  row.error !== ''

export function customerNeedsReset(
  scope: Scope,
  row: Pick<
    CustomerProgress,
    'status' | 'completedSpaces' | 'completedUploads' | 'error' | 'completedAt'
  >
): boolean {
  if (row.status !== 'pending' || row.completedAt) return true
  if (scope.kind === 'space') return false
  return (
    row.completedSpaces !== 0 || row.completedUploads !== 0 || row.error !== ''
  )
}

export interface StatusCounts {
  completed: number
  'in-progress': number
  pending: number
  failed: number
}

const emptyStatusCounts = (): StatusCounts => ({
  completed: 0,
  'in-progress': 0,
  pending: 0,
  failed: 0,
})

export type SpaceLine = Pick<
  SpaceProgress,
  'customer' | 'space' | 'status' | 'totalUploads' | 'completedUploads'
> & { gatewayDelegation: boolean }

export type CustomerLine = Pick<
  CustomerProgress,
  | 'customer'
  | 'status'
  | 'totalSpaces'
  | 'completedSpaces'
  | 'totalUploads'
  | 'completedUploads'
>

/** What a reset of a scope would change, counted page by page; only the first rows are kept. */
export interface ResetPreview {
  scope: Scope
  spaces: {
    /** Progress rows in the scope. */
    total: number
    /** Those a reset writes, by their current status. */
    toReset: number
    byStatus: StatusCounts
    /** Processed uploads those rows count, which go back to 0. */
    processedUploads: number
    /** Rows whose gateway delegation the reset keeps. */
    withGatewayDelegation: number
    listed: SpaceLine[]
  }
  customers: {
    total: number
    toReset: number
    byStatus: StatusCounts
    listed: CustomerLine[]
  }
  /** Rows of migration-failures in the scope (deleted only with --failures). */
  failures: number
}

export const emptyPreview = (scope: Scope): ResetPreview => ({
  scope,
  spaces: {
    total: 0,
    toReset: 0,
    byStatus: emptyStatusCounts(),
    processedUploads: 0,
    withGatewayDelegation: 0,
    listed: [],
  },
  customers: {
    total: 0,
    toReset: 0,
    byStatus: emptyStatusCounts(),
    listed: [],
  },
  failures: 0,
})

const statusKey = (status: string): keyof StatusCounts =>
  status in emptyStatusCounts() ? (status as keyof StatusCounts) : 'pending'

/** Adds a progress row into the preview and returns it. */
export function addSpaceToPreview(
  preview: ResetPreview,
  row: SpaceProgress
): ResetPreview {
  const spaces = preview.spaces
  spaces.total++
  if (row.gatewayDelegation) spaces.withGatewayDelegation++
  if (!progressNeedsReset(row)) return preview
  spaces.toReset++
  spaces.byStatus[statusKey(row.status)]++
  spaces.processedUploads += row.completedUploads
  if (spaces.listed.length < LIST_LIMIT)
    spaces.listed.push({
      customer: row.customer,
      space: row.space,
      status: row.status,
      totalUploads: row.totalUploads,
      completedUploads: row.completedUploads,
      gatewayDelegation: Boolean(row.gatewayDelegation),
    })
  return preview
}

/** Adds a customer row into the preview and returns it. */
export function addCustomerToPreview(
  preview: ResetPreview,
  row: CustomerProgress
): ResetPreview {
  const customers = preview.customers
  customers.total++
  if (!customerNeedsReset(preview.scope, row)) return preview
  customers.toReset++
  customers.byStatus[statusKey(row.status)]++
  if (customers.listed.length < LIST_LIMIT)
    customers.listed.push({
      customer: row.customer,
      status: row.status,
      totalSpaces: row.totalSpaces,
      completedSpaces: row.completedSpaces,
      totalUploads: row.totalUploads,
      completedUploads: row.completedUploads,
    })
  return preview
}
