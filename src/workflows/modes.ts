import { MODE_STEPS, UPLOAD_STEPS } from '../migration/modes.js'
import type { MigrationMode, UploadStepMode } from './types.js'

/** The per-upload steps of a mode; none for the gateway test, which authorizes spaces only. */
export const uploadStepsOf = (
  mode: MigrationMode
): UploadStepMode | undefined => MODE_STEPS[mode].uploads

export const authorizesGateway = (mode: MigrationMode) =>
  MODE_STEPS[mode].gateway

/** Whether the mode's uploads may get an index, so their customer needs a migration space. */
export const writesIndexes = (mode: MigrationMode) => {
  const uploads = MODE_STEPS[mode].uploads
  return uploads !== undefined && UPLOAD_STEPS[uploads].index
}

export const tracksProgress = (mode: MigrationMode) =>
  MODE_STEPS[mode].tracksProgress

/**
 * Whether a space whose row says completed is skipped at one read: on a run that tracks
 * progress over whole spaces, unless the operator asks to look again (`--recheck`).
 */
export const skipsCompleted = (run: {
  mode: MigrationMode
  recheck?: boolean
  onlyFailed?: boolean
  root?: string
}) => tracksProgress(run.mode) && !run.recheck && !run.onlyFailed && !run.root
