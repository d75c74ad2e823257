import type { MigrationMode, UploadStepMode } from './types.js'

/** The per-upload steps of a mode; none for the gateway test, which authorizes spaces only. */
export function uploadStepsOf(mode: MigrationMode): UploadStepMode | undefined {
  switch (mode) {
    case 'full':
    case 'verify-only':
    case 'repair':
      return mode
    case 'test-index':
      return 'index'
    case 'test-location-claims':
      return 'location-claims'
    case 'test-gateway-auth':
      return undefined
  }
}

export const authorizesGateway = (mode: MigrationMode) =>
  mode === 'full' || mode === 'test-gateway-auth'

export const writesIndexes = (mode: MigrationMode) =>
  mode === 'full' || mode === 'test-index' || mode === 'repair'

/** Only the migration itself moves the progress tables; tests and checks leave them alone. */
export const tracksProgress = (mode: MigrationMode) =>
  mode === 'full' || mode === 'repair'
