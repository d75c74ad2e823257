import { BadInput } from '../failures/index.js'
import type { LimitableService } from './service-rate-limits.js'

/** Set by the parent of `worker --processes N` on each child: `<i>/<N>`, i from 1. */
export const CHILD_PROCESS_ENV = 'MIGRATION_WORKER_PROCESS'

export class ProcessesError extends BadInput {
  override name = 'ProcessesError'
}

/** Which of the host's worker processes this one is. */
export interface ProcessSlot {
  /** 1 to `count`. */
  index: number
  count: number
}

/** The settings a host gives as a whole, which its processes divide among themselves. */
export interface HostShare {
  rateLimits: Map<LimitableService, number>
  maxActivitiesPerSecond?: number
  metricsPort?: number
}

export function checkProcesses(processes: number): number {
  if (!Number.isInteger(processes) || processes < 1)
    throw new ProcessesError(
      `--processes ${processes}: give a whole number of worker processes, 1 or more`
    )
  return processes
}

/** The slot in `CHILD_PROCESS_ENV`, or undefined in a process that no parent started. */
export function processSlot(
  env: NodeJS.ProcessEnv = process.env
): ProcessSlot | undefined {
  const value = env[CHILD_PROCESS_ENV]
  if (value === undefined) return undefined
  const match = /^(\d+)\/(\d+)$/.exec(value)
  const index = Number(match?.[1])
  const count = Number(match?.[2])
  if (!match || index < 1 || index > count)
    throw new ProcessesError(`${CHILD_PROCESS_ENV}=${value} is not <i>/<N>`)
  return { index, count }
}

/**
 * One process's part of the host's settings: each per-host rate divided by the processes, so the
 * host as a whole keeps it, and the metrics port moved by the process's place (9464, 9465, …),
 * so that no two processes bind the same one.
 */
export function shareOf(host: HostShare, slot: ProcessSlot): HostShare {
  const divide = (perSecond: number) => perSecond / slot.count
  return {
    rateLimits: new Map(
      [...host.rateLimits].map(([service, perSecond]) => [
        service,
        divide(perSecond),
      ])
    ),
    maxActivitiesPerSecond:
      host.maxActivitiesPerSecond === undefined
        ? undefined
        : divide(host.maxActivitiesPerSecond),
    metricsPort:
      host.metricsPort === undefined
        ? undefined
        : host.metricsPort + slot.index - 1,
  }
}
