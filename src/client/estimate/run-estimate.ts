import type { AdminTables } from '../shared/admin-tables.js'
import { InvalidOptions, type Output } from '../shared/output.js'
import { sizeOfScope } from '../shared/scope-size.js'
import { type Scope, scopeOf } from '../shared/scope.js'
import { type Estimate, estimateFigures, type Rate } from './figures.js'
import {
  DEFAULT_SAMPLE,
  DEFAULT_WORKERS,
  MEASURED_UPLOADS_PER_SECOND_PER_HOST,
} from './measured.js'
import { estimateJson, renderEstimate } from './render.js'
import { sampleShards } from './sample-shards.js'

/** The `estimate` flags, parsed. */
export interface EstimateOptions {
  customer?: string
  space?: string
  instance?: string
  all?: boolean
  /** Upload rows to read for shards per upload. */
  sample?: number
  /** Hosts running workers. */
  workers?: number
  /** Uploads per second per host; the measured figure when not given. */
  uploadsPerSecond?: number
  json?: boolean
}

/** The scope (everything when none is named), or why the flags cannot be run. */
export function estimateScope(
  options: EstimateOptions
): { scope: Scope } | { problem: string } {
  const chosen = scopeOf(options, {
    defaultAll: true,
    spaceNeedsCustomer: false,
  })
  if ('problem' in chosen) return chosen
  if (!isPositiveInteger(options.sample))
    return { problem: '--sample must be a positive whole number of uploads' }
  if (!isPositiveInteger(options.workers))
    return { problem: '--workers must be a positive whole number of hosts' }
  const rate = options.uploadsPerSecond
  if (rate !== undefined && !(Number.isFinite(rate) && rate > 0))
    return { problem: '--uploads-per-second must be a positive number' }
  return chosen
}

const isPositiveInteger = (value: number | undefined): boolean =>
  value === undefined || (Number.isInteger(value) && value > 0)

export const rateOf = (uploadsPerSecond: number | undefined): Rate =>
  uploadsPerSecond === undefined
    ? {
        uploadsPerSecond: MEASURED_UPLOADS_PER_SECOND_PER_HOST,
        source: 'default',
      }
    : { uploadsPerSecond, source: 'flag' }

/** Reads DynamoDB only: counts the scope and samples its upload rows into the figures. */
export async function estimateOf(
  tables: AdminTables,
  scope: Scope,
  options: EstimateOptions
): Promise<Estimate> {
  const workers = options.workers ?? DEFAULT_WORKERS
  const rate = rateOf(options.uploadsPerSecond)
  const [size, sample] = await Promise.all([
    sizeOfScope(tables, scope),
    sampleShards(tables, scope, options.sample ?? DEFAULT_SAMPLE),
  ])
  return {
    scope,
    size,
    sample,
    workers,
    rate,
    figures: estimateFigures(size.uploads, sample, workers, rate),
  }
}

/** `estimate`: the figures of the scope the flags name, as text or JSON; returns the exit status. */
export async function runEstimate(
  tables: AdminTables,
  options: EstimateOptions,
  out: Output
): Promise<number> {
  const chosen = estimateScope(options)
  if ('problem' in chosen) throw new InvalidOptions(chosen.problem)
  const estimate = await estimateOf(tables, chosen.scope, options)
  out.write(
    options.json
      ? `${JSON.stringify(estimateJson(estimate))}\n`
      : renderEstimate(estimate)
  )
  return 0
}
