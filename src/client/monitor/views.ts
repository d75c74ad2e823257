import type { SpaceProgress } from '../../services/dynamo/migration-progress-table.js'
import type { Pause } from '../../services/dynamo/pause-attributes.js'
import type { FailedUploads } from '../shared/failed-uploads.js'
import type { GatewayFailedSpaces } from '../shared/gateway-failures.js'
import type { PlannedWork } from '../shared/plan.js'
import { activePause, type PauseGroup } from './pauses.js'
import type { Group } from './summarize.js'
import type { Tally } from '../shared/tally.js'

/**
 * A space's progress row as the monitor shows it: without the gateway's delegation, which is
 * large, and with its pause only while it runs.
 */
export type SpaceRow = Omit<SpaceProgress, 'gatewayDelegation'>

export function toSpaceRow(progress: SpaceProgress): SpaceRow {
  const row: SpaceProgress = { ...progress }
  delete row.gatewayDelegation
  const pause = activePause(row)
  if (pause) row.pause = pause
  else delete row.pause
  if (!row.gatewayReason) delete row.gatewayReason
  return row
}

/** An instance's progress rows next to its plan and its failed uploads. */
export interface InstanceGroup extends Group {
  planned: PlannedWork
  /** Rows of migration-failures recorded by the instance. */
  failedUploads: number
}

/** Every space, by instance (the default view), against setup-distribution's plan. */
export interface OverallView {
  view: 'overall'
  total: Tally
  /** What setup-distribution planned (migration-customers); zeros when nothing was planned. */
  planned: PlannedWork
  /** Every instance that is planned or has progress rows. */
  byInstance: InstanceGroup[]
  failedUploads: FailedUploads
  gatewayFailedSpaces: GatewayFailedSpaces
  /** What a service's refusal paused (customers and spaces), by reason. */
  paused: PauseGroup[]
}

/** A worker's progress rows, and the failed uploads it recorded (`worker --worker-id`). */
export interface WorkerGroup extends Group {
  failedUploads: number
}

/** One instance's spaces, by worker (`--instance`). */
export interface InstanceView {
  view: 'instance'
  instanceId: string
  total: Tally
  /** Rows of migration-failures the instance recorded. */
  failedUploads: number
  byWorker: WorkerGroup[]
}

/** A customer's spaces (`--customer`). */
export interface CustomerView {
  view: 'customer'
  customer: string
  total: Tally
  /** Set while a service's refusal pauses the customer's migration. */
  pause?: Pause
  spaces: SpaceRow[]
  failedUploads: FailedUploads
  gatewayFailedSpaces: GatewayFailedSpaces
}

/** One space (`--customer --space`); no progress when no row was recorded. */
export interface SpaceView {
  view: 'space'
  customer: string
  space: string
  progress?: SpaceRow
  failedUploads: FailedUploads
}

/** Failed spaces, most recently updated first (`--failed`). */
export interface FailedView {
  view: 'failed'
  spaces: SpaceRow[]
  failedUploads: FailedUploads
  gatewayFailedSpaces: GatewayFailedSpaces
}

export interface StuckSpace extends SpaceRow {
  /** Whole minutes since the row was last updated. */
  stuckMinutes: number
}

/** In-progress spaces not updated for `olderThanMinutes`, oldest first (`--stuck`). */
export interface StuckView {
  view: 'stuck'
  olderThanMinutes: number
  spaces: StuckSpace[]
}

export type MonitorView =
  OverallView | InstanceView | CustomerView | SpaceView | FailedView | StuckView
