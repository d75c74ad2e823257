import { confirm } from '../shared/confirm.js'
import { eachLimited } from '../shared/each-limited.js'
import type { AdminTables } from '../shared/admin-tables.js'
import { InvalidOptions, type Output } from '../shared/output.js'
import { scopeRows } from '../shared/scope-rows.js'
import { type Scope, scopeOf } from '../shared/scope.js'
import {
  addCustomerToPreview,
  addSpaceToPreview,
  customerNeedsReset,
  customerReset,
  emptyPreview,
  progressNeedsReset,
  RESET_PROGRESS,
  type ResetPreview,
} from './plan.js'
import { renderPreview, renderResult, type ResetResult } from './render.js'

/** The `reset` flags, parsed. */
export interface ResetOptions {
  customer?: string
  /** Needs `customer`. */
  space?: string
  instance?: string
  all?: boolean
  /** Also delete the scope's rows of migration-failures. */
  failures?: boolean
  /** Write; without it the reset is a dry run. */
  execute?: boolean
  /** Do not ask for confirmation. */
  yes?: boolean
}

/** How the reset asks before writing; a test passes its own. */
export interface ResetRuntime {
  /** Whether there is a terminal to ask on (default: stdin and stdout are TTYs). */
  interactive?: boolean
  ask?: (question: string) => Promise<boolean>
  /** Where `error:` lines go (default: stderr). */
  errors?: Output
}

/** The one scope the flags name, or why they cannot be run. */
export function resetScope(
  options: ResetOptions
): { scope: Scope } | { problem: string } {
  return scopeOf(options, { defaultAll: false, spaceNeedsCustomer: true })
}

const isInteractive = () =>
  Boolean(process.stdin.isTTY) && Boolean(process.stdout.isTTY)

/** Why an --execute cannot go ahead unattended, if it cannot. */
export function unattendedProblem(
  options: ResetOptions,
  interactive: boolean
): string | undefined {
  if (options.execute && !options.yes && !interactive)
    return '--execute asks for confirmation on a terminal: pass --yes to reset without one'
  return undefined
}

/** Reads what the scope's reset would change, page by page. */
export async function previewReset(
  tables: AdminTables,
  scope: Scope
): Promise<ResetPreview> {
  const rows = scopeRows(tables, scope)
  const preview = emptyPreview(scope)
  const count = async () => {
    for await (const page of rows.failures()) preview.failures += page.length
  }
  const spaces = async () => {
    for await (const page of rows.progress())
      for (const row of page) addSpaceToPreview(preview, row)
  }
  const customers = async () => {
    for await (const page of rows.customers())
      for (const row of page) addCustomerToPreview(preview, row)
  }
  await Promise.all([spaces(), customers(), count()])
  return preview
}

/**
 * Sets the scope's progress rows back to pending (keeping gatewayDelegation), its customers'
 * rows too, and with `deleteFailures` deletes its failure rows. Reads a page, writes it, reads the
 * next: the keys being read are never changed, so no row is skipped or visited twice.
 */
export async function applyReset(
  tables: AdminTables,
  scope: Scope,
  { deleteFailures }: { deleteFailures: boolean }
): Promise<ResetResult> {
  const rows = scopeRows(tables, scope)
  const result: ResetResult = { spaces: 0, customers: 0, failures: 0 }
  for await (const page of rows.progress()) {
    const due = page.filter(progressNeedsReset)
    await eachLimited(due, (row) =>
      tables.migrationProgress.update(row.customer, row.space, RESET_PROGRESS)
    )
    result.spaces += due.length
  }
  for await (const page of rows.customers()) {
    const due = page.filter((row) => customerNeedsReset(scope, row))
    await eachLimited(due, (row) =>
      tables.migrationCustomers.update(row.customer, customerReset(scope, row))
    )
    result.customers += due.length
  }
  if (deleteFailures)
    for await (const page of rows.failures()) {
      await eachLimited(page, (row) =>
        tables.migrationFailures.clear(row.space, row.root)
      )
      result.failures += page.length
    }
  return result
}

/**
 * A guarded reset of migration progress. A dry run (the default) prints what it would reset and
 * writes nothing; `--execute` asks first on a terminal (`--yes` skips the question) and refuses,
 * with status 2, when there is no terminal and no --yes. Returns the exit status.
 */
export async function runReset(
  tables: AdminTables,
  options: ResetOptions,
  out: Output,
  runtime: ResetRuntime = {}
): Promise<number> {
  const chosen = resetScope(options)
  if ('problem' in chosen) throw new InvalidOptions(chosen.problem)
  const errors = runtime.errors ?? process.stderr
  const unattended = unattendedProblem(
    options,
    runtime.interactive ?? isInteractive()
  )
  if (unattended) {
    errors.write(`error: ${unattended}\n`)
    return 2
  }
  const execute = options.execute ?? false
  const deleteFailures = options.failures ?? false
  const preview = await previewReset(tables, chosen.scope)
  out.write(renderPreview(preview, { execute, deleteFailures }))
  if (!execute) return 0
  const writes =
    preview.spaces.toReset +
    preview.customers.toReset +
    (deleteFailures ? preview.failures : 0)
  if (writes === 0) {
    out.write('Nothing to reset.\n')
    return 0
  }
  if (!options.yes) {
    const ask = runtime.ask ?? ((question) => confirm(question, false))
    if (!(await ask('Reset these rows?'))) {
      out.write('Nothing reset.\n')
      return 1
    }
  }
  out.write(
    renderResult(await applyReset(tables, chosen.scope, { deleteFailures }))
  )
  return 0
}
