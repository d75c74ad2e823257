import { parseFilter } from './customer-filter.js'
import { BadInput } from '../../failures/errors.js'

/** setup-distribution's flags, parsed. */
export interface DistributionOptions {
  /** Report only: no file, no checkpoint, no row is written. */
  analyze?: boolean
  /** Required unless `analyze`; with `analyze` the plan is shown but not written. */
  instances?: number
  /** Segments of the parallel consumer scan, 1–10. */
  parallelSegments?: number
  /** Only used in time estimates. */
  workersPerInstance?: number
  /** Customers with fewer uploads are left out. */
  minUploads?: number
  /** Comma-separated include patterns (see `matchesFilter`). */
  filter?: string
  /** Uploads per minute per worker for time estimates; the original's 27 when absent. */
  uploadsPerMinute?: number
  /** Where instance files and the counting checkpoint go. */
  outDir?: string
  /** Write without asking. */
  yes?: boolean
}

export const DEFAULTS = {
  parallelSegments: 4,
  workersPerInstance: 10,
  minUploads: 0,
  outDir: 'migration-state',
} as const

export const MAX_PARALLEL_SEGMENTS = 10

/** The options with defaults applied, once they are valid. */
export interface ResolvedOptions {
  analyze: boolean
  instances?: number
  parallelSegments: number
  workersPerInstance: number
  minUploads: number
  /** The include patterns; empty means every customer. */
  patterns: string[]
  uploadsPerMinute?: number
  outDir: string
  yes: boolean
}

export class DistributionInputError extends BadInput {
  override name = 'DistributionInputError' as const
}

const isWhole = (value: number) => Number.isInteger(value)

/** Why the options cannot be run, if they cannot; the CLI exits with status 2 on it. */
export function optionsProblem(
  options: DistributionOptions
): string | undefined {
  const { instances, parallelSegments, workersPerInstance, minUploads } =
    options
  if (instances === undefined && !options.analyze)
    return '--instances is required (or pass --analyze for a report only)'
  if (instances !== undefined && (!isWhole(instances) || instances < 1))
    return `--instances must be a positive whole number (got ${instances})`
  if (
    parallelSegments !== undefined &&
    (!isWhole(parallelSegments) ||
      parallelSegments < 1 ||
      parallelSegments > MAX_PARALLEL_SEGMENTS)
  )
    return `--parallel-segments must be a whole number from 1 to ${MAX_PARALLEL_SEGMENTS} (got ${parallelSegments})`
  if (
    workersPerInstance !== undefined &&
    (!isWhole(workersPerInstance) || workersPerInstance < 1)
  )
    return `--workers-per-instance must be a positive whole number (got ${workersPerInstance})`
  if (minUploads !== undefined && (!isWhole(minUploads) || minUploads < 0))
    return `--min-uploads must be a whole number, 0 or more (got ${minUploads})`
  if (
    options.uploadsPerMinute !== undefined &&
    !(Number.isFinite(options.uploadsPerMinute) && options.uploadsPerMinute > 0)
  )
    return `--uploads-per-minute must be a positive number (got ${options.uploadsPerMinute})`
  if (options.filter !== undefined && parseFilter(options.filter).length === 0)
    return '--filter must name at least one pattern (comma-separated)'
  if (options.outDir !== undefined && options.outDir.trim() === '')
    return '--out-dir must not be empty'
  return undefined
}

/** Checks the options and applies defaults; throws DistributionInputError when they are invalid. */
export function resolveOptions(options: DistributionOptions): ResolvedOptions {
  const problem = optionsProblem(options)
  if (problem) throw new DistributionInputError(problem)
  return {
    analyze: options.analyze ?? false,
    instances: options.instances,
    parallelSegments: options.parallelSegments ?? DEFAULTS.parallelSegments,
    workersPerInstance:
      options.workersPerInstance ?? DEFAULTS.workersPerInstance,
    minUploads: options.minUploads ?? DEFAULTS.minUploads,
    patterns: parseFilter(options.filter),
    uploadsPerMinute: options.uploadsPerMinute,
    outDir: options.outDir ?? DEFAULTS.outDir,
    yes: options.yes ?? false,
  }
}
