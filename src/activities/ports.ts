import type {
  UploadContext,
  UploadMode,
  UploadOutcome,
} from '../migration/migrate-upload.js'
import type { Tables } from '../services/dynamo/index.js'
import type { OutcomeReport } from './outcome-report.js'
import type { Logger } from './page-log.js'
import type { UploadRecord } from '../services/dynamo/upload-table.js'

/** What activities need from the worker process; built once by the worker, never per activity. */
export interface ActivityDeps {
  worker: WorkerIdentity
  migration: MigrationPorts
  /** Where per-upload outcomes go as JSON lines (`worker --report-dir`). */
  report?: OutcomeReport
  /** The worker's JSON log (pino); pages log their start, end and recorded failures. */
  log?: Logger
}

export interface WorkerIdentity {
  identity: string
  /** The label on the rows this worker writes (`workerId`): `--worker-id`, else its identity. */
  label: string
  env: string
  taskQueue: string
}

/** The migration's outside world, as the activities see it. Secrets stay inside these ports. */
export interface MigrationPorts {
  tables: Pick<
    Tables,
    | 'upload'
    | 'consumer'
    | 'migrationSpaces'
    | 'migrationProgress'
    | 'migrationCustomers'
    | 'migrationFailures'
  >
  /** What many uploads already have, in batched reads (`surveyUploads`). */
  surveyUploads(
    uploads: readonly UploadRecord[],
    mode: UploadMode
  ): Promise<UploadContext[]>
  migrateUpload(
    customer: string,
    upload: UploadRecord,
    mode: UploadMode,
    context?: UploadContext
  ): Promise<UploadOutcome>
  /** Deferred verifications, in batched queries (`verifyOutcomes`). */
  verifyOutcomes(
    outcomes: readonly UploadOutcome[],
    mode: UploadMode
  ): Promise<UploadOutcome[]>
  /** Gateway authorization of a space, done once and recorded on its progress row. */
  authorizeSpace(customer: string, space: string): Promise<{ already: boolean }>
  /** The customer's migration space, created and provisioned if missing; its DID only. */
  migrationSpace(customer: string): Promise<{ did: string; note?: string }>
}
