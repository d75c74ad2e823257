import type { Pause } from '../../services/dynamo/pause-attributes.js'
import type { PauseGroup } from '../monitor/pauses.js'
import type { StuckSpace } from '../monitor/views.js'
import type { FailedUploads } from '../shared/failed-uploads.js'
import type { GatewayFailedSpaces } from '../shared/gateway-failures.js'
import type { PlannedWork } from '../shared/plan.js'
import type { Tally } from '../shared/tally.js'
import type { PauseKind } from './pause-kind.js'
import type { Sample } from '../shared/sample-ring.js'

export type { PlannedWork } from '../shared/plan.js'

/** A scope's plan next to what its progress rows say so far. */
export interface ScopeProgress {
  /** The instance; '' for rows of no instance, and for the whole migration. */
  key: string
  planned: PlannedWork
  /** From migration-progress: spaces by status, uploads listed and processed. */
  progress: Tally
  /** The scope's workflow in the Temporal Web UI, when its address is configured. */
  link?: string
}

/** A pause group, with what paused it: a service refusing writes or a failure budget. */
export interface PauseState extends PauseGroup {
  kind: PauseKind
}

export interface StuckState {
  olderThanMinutes: number
  count: number
  /** The longest stuck first, at most `STUCK_SHOWN` of them. */
  spaces: (StuckSpace & { link?: string })[]
}

export interface Throughput {
  /** Uploads processed over time, oldest first, as this server sampled them. */
  samples: Sample[]
  /** Uploads per second over the recent window, once two samples span some time. */
  perSecond?: number
  /** Seconds until the planned uploads are processed at that rate. */
  etaSeconds?: number
}

/** The JSON of `/api/state`: one read of the tables, and the samples so far. */
export interface DashboardState {
  at: string
  env: string
  intervalSeconds: number
  overall: ScopeProgress
  instances: ScopeProgress[]
  failedUploads: FailedUploads
  gatewayFailedSpaces: GatewayFailedSpaces
  pauses: PauseState[]
  /** True while any pause comes from a service refusing the migration's writes. */
  refusedWrites: boolean
  stuck: StuckState
  throughput: Throughput
  /** The last read's failure, when it failed; the state is then the previous read's. */
  error?: string
}

/** A customer's row on the customers page (`/api/customers`). */
export interface CustomerState {
  customer: string
  instanceId?: string
  status: string
  planned: Omit<PlannedWork, 'customers'>
  progress: Tally
  pause?: Pause
  link?: string
}

export interface CustomersPage {
  customers: CustomerState[]
  cursor?: string
}

/** A failed upload on the failures page (`/api/failures?reason=`). */
export interface FailureState {
  space: string
  root: string
  customer: string
  instanceId?: string
  step: string
  error: string
  attempts: number
  failedAt: string
  link?: string
}

export interface FailuresPage {
  reason: string
  failures: FailureState[]
  cursor?: string
}

export const STUCK_SHOWN = 50
