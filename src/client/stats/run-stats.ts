import type { AdminTables } from '../shared/admin-tables.js'
import { collectStats } from './aggregate.js'
import { InvalidOptions, type Output } from '../shared/output.js'
import { renderStats, statsJson } from './render.js'
import { scopeRows } from '../shared/scope-rows.js'
import { type Scope, scopeOf } from '../shared/scope.js'

/** The `stats` flags, parsed. */
export interface StatsOptions {
  customer?: string
  instance?: string
  json?: boolean
}

/** The scope the flags name (everything when none), or why they cannot be run. */
export function statsScope(
  options: StatsOptions
): { scope: Scope } | { problem: string } {
  return scopeOf(
    { customer: options.customer, instance: options.instance },
    { defaultAll: true, spaceNeedsCustomer: true }
  )
}

/** Reads DynamoDB only, page by page, and prints the counts; returns the exit status. */
export async function runStats(
  tables: AdminTables,
  options: StatsOptions,
  out: Output
): Promise<number> {
  const chosen = statsScope(options)
  if ('problem' in chosen) throw new InvalidOptions(chosen.problem)
  const stats = await collectStats(
    chosen.scope,
    scopeRows(tables, chosen.scope)
  )
  out.write(
    options.json ? `${JSON.stringify(statsJson(stats))}\n` : renderStats(stats)
  )
  return 0
}
