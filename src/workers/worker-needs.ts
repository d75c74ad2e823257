import type { Need } from '../config/settings.js'
import type { ConfigWith } from '../config/types.js'

/** The parts of the configuration a migrating worker requires at start. */
export const WORKER_NEEDS = [
  'temporal',
  'dynamo',
  'services',
  'publishing',
  'signing',
] as const satisfies readonly Need[]

export type WorkerConfig = ConfigWith<(typeof WORKER_NEEDS)[number]>
