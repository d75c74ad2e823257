import type { RevokeTarget } from '../../migration/gateway/revoke-authorization.js'
import { customerNeedsReset, customerReset } from '../reset/index.js'
import type { AdminTables } from '../shared/admin-tables.js'
import { confirm } from '../shared/confirm.js'
import { eachLimited } from '../shared/each-limited.js'
import { InvalidOptions, type Output } from '../shared/output.js'
import { scopeRows } from '../shared/scope-rows.js'
import { type Scope, scopeOf } from '../shared/scope.js'
import {
  addSpaceToPlan,
  emptyRollbackPlan,
  needsRollback,
  rolledBackRow,
  type RollbackPlan,
  type SpaceRollback,
  spaceRollback,
} from './plan.js'
import {
  renderRollbackPlan,
  renderRollbackResult,
  type Revoker,
  type RollbackResult,
} from './render.js'

/** The `rollback` flags, parsed. */
export interface RollbackOptions {
  customer?: string
  space?: string
  instance?: string
  /** Revoke and write; without it the rollback is a dry run. */
  execute?: boolean
  /** Do not ask for confirmation. */
  yes?: boolean
}

/** What a rollback reads, writes and revokes through. */
export interface RollbackDeps {
  tables: AdminTables
  /** Revokes one space's recorded serve delegation (`ucan/revoke`). */
  revoke(target: RevokeTarget): Promise<void>
  revoker: Revoker
}

/** How the rollback asks before revoking; a test passes its own. */
export interface RollbackRuntime {
  /** Whether there is a terminal to ask on (default: stdin and stdout are TTYs). */
  interactive?: boolean
  ask?: (question: string) => Promise<boolean>
  /** Where `error:` lines go (default: stderr). */
  errors?: Output
}

const SPACE_DID = /^did:key:z[1-9A-HJ-NP-Za-km-z]+$/
const ANY_DID = /^did:[a-z0-9]+:.+/

/** The one scope the flags name, or why they cannot be run. */
export function rollbackScope(
  options: RollbackOptions
): { scope: Scope } | { problem: string } {
  if (options.space && !SPACE_DID.test(options.space))
    return { problem: `--space ${options.space} is not a did:key` }
  if (options.customer && !ANY_DID.test(options.customer))
    return { problem: `--customer ${options.customer} is not a DID` }
  if (
    options.customer === undefined &&
    options.space === undefined &&
    options.instance === undefined
  )
    return { problem: 'choose a scope: --customer, --space or --instance' }
  return scopeOf(options, { defaultAll: false, spaceNeedsCustomer: false })
}

const isInteractive = () =>
  Boolean(process.stdin.isTTY) && Boolean(process.stdout.isTTY)

/** Why an --execute cannot go ahead unattended, if it cannot. */
export function unattendedRollbackProblem(
  options: RollbackOptions,
  interactive: boolean
): string | undefined {
  if (options.execute && !options.yes && !interactive)
    return '--execute asks for confirmation on a terminal: pass --yes to roll back without one'
  return undefined
}

/** Reads what the scope's rollback would do, page by page. */
export async function planRollback(
  tables: AdminTables,
  scope: Scope
): Promise<RollbackPlan> {
  const rows = scopeRows(tables, scope)
  const plan = emptyRollbackPlan(scope)
  const spaces = async () => {
    for await (const page of rows.progress())
      for (const row of page) addSpaceToPlan(plan, row)
  }
  const customers = async () => {
    for await (const page of rows.customers())
      for (const row of page) {
        plan.customers.total++
        if (customerNeedsReset(scope, row)) plan.customers.toReset++
      }
  }
  const failures = async () => {
    for await (const page of rows.failures()) plan.failures += page.length
  }
  await Promise.all([spaces(), customers(), failures()])
  return plan
}

/** Revokes the space's delegation, then resets its row; a failed revocation leaves the row. */
async function rollBackSpace(
  deps: RollbackDeps,
  space: SpaceRollback,
  result: RollbackResult
): Promise<boolean> {
  if (space.delegation) {
    try {
      await deps.revoke({
        space: space.space,
        delegation: space.delegation,
        revocations: space.revocations,
        reauthorizations: space.reauthorizations,
      })
    } catch (err) {
      result.failed.push({
        space: space.space,
        error: err instanceof Error ? err.message : String(err),
      })
      return false
    }
    result.revoked++
  }
  await deps.tables.migrationProgress.update(
    space.customer,
    space.space,
    rolledBackRow(space)
  )
  result.spaces++
  return true
}

/**
 * Rolls the scope back: per space, revokes the recorded serve delegation and then sets the row
 * pending with its gateway outcome emptied (revoking first, so a failure keeps the record and a
 * rerun retries it); then the customers' rows, and the failure rows of the spaces rolled back.
 * Reads a page, writes it, reads the next: the keys read are never changed. A rerun finds the
 * rows pending with no delegation, and revokes and writes nothing.
 */
export async function applyRollback(
  deps: RollbackDeps,
  scope: Scope
): Promise<RollbackResult> {
  const rows = scopeRows(deps.tables, scope)
  const result: RollbackResult = {
    revoked: 0,
    spaces: 0,
    customers: 0,
    failures: 0,
    failed: [],
  }
  const kept = new Set<string>()
  for await (const page of rows.progress())
    await eachLimited(page.filter(needsRollback), async (row) => {
      if (!(await rollBackSpace(deps, spaceRollback(row), result)))
        kept.add(row.space)
    })
  for await (const page of rows.customers()) {
    const due = page.filter((row) => customerNeedsReset(scope, row))
    await eachLimited(due, (row) =>
      deps.tables.migrationCustomers.update(
        row.customer,
        customerReset(scope, row)
      )
    )
    result.customers += due.length
  }
  for await (const page of rows.failures()) {
    const due = page.filter((row) => !kept.has(row.space))
    await eachLimited(due, (row) =>
      deps.tables.migrationFailures.clear(row.space, row.root)
    )
    result.failures += due.length
  }
  return result
}

/**
 * A guarded rollback of a scope. A dry run (the default) prints what it would revoke and reset
 * and writes nothing; `--execute` asks first on a terminal (`--yes` skips the question) and
 * refuses, with status 2, when there is no terminal and no --yes. Returns the exit status: 1 when
 * declined or when a space could not be rolled back.
 */
export async function runRollback(
  deps: RollbackDeps,
  options: RollbackOptions,
  out: Output,
  runtime: RollbackRuntime = {}
): Promise<number> {
  const chosen = rollbackScope(options)
  if ('problem' in chosen) throw new InvalidOptions(chosen.problem)
  const unattended = unattendedRollbackProblem(
    options,
    runtime.interactive ?? isInteractive()
  )
  if (unattended) {
    ;(runtime.errors ?? process.stderr).write(`error: ${unattended}\n`)
    return 2
  }
  const execute = options.execute ?? false
  const plan = await planRollback(deps.tables, chosen.scope)
  out.write(renderRollbackPlan(plan, { execute, revoker: deps.revoker }))
  if (!execute) return 0
  if (plan.spaces.toRollBack + plan.customers.toReset + plan.failures === 0) {
    out.write('Nothing to roll back.\n')
    return 0
  }
  if (!options.yes) {
    const ask = runtime.ask ?? ((question) => confirm(question, false))
    if (!(await ask('Revoke these delegations and reset these rows?'))) {
      out.write('Nothing rolled back.\n')
      return 1
    }
  }
  const result = await applyRollback(deps, chosen.scope)
  out.write(renderRollbackResult(result))
  return result.failed.length > 0 ? 1 : 0
}
