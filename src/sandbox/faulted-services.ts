import type { Faults } from './faults.js'
import type { Sandbox } from './sandbox.js'

/** The sandbox services with fault injection in front of them, by the name the tools use. */
export const FAULTED_SERVICES = [
  'indexer',
  'indexWorker',
  'uploadService',
  'carpark',
  'gateway',
] as const
export type FaultedServiceName = (typeof FAULTED_SERVICES)[number]

export interface FaultedService {
  url: string
  faults: Faults
  /** Requests served so far (fault-injected ones included). */
  readonly requests: number
}

export function faultedServices(
  sandbox: Sandbox
): Record<FaultedServiceName, FaultedService> {
  return {
    indexer: sandbox.indexer,
    indexWorker: sandbox.indexWorker,
    uploadService: sandbox.uploadService,
    carpark: sandbox.carpark.service,
    gateway: sandbox.gateway,
  }
}
