/**
 * The campaign's invariants, as checks that report instead of throwing, so that every one of
 * them is printed PASS or FAIL at the end.
 */
import { SANDBOX_QUEUES, type Sandbox } from '../../src/sandbox/sandbox.js'
import type { SeededUpload } from '../../src/sandbox/seed/seed-legacy-world.js'
import { FAILURE_REASONS } from '../../src/failures/index.js'
import type { UploadFailure } from '../../src/services/dynamo/migration-failures-table.js'
import type { useTables } from '../../src/services/dynamo/index.js'

type Tables = ReturnType<typeof useTables>

export interface Check {
  name: string
  ok: boolean
  detail: string
}

/** The seeded awkward uploads that can never migrate, and the reason each must be recorded with. */
export const EXPECTED_FAILURES: Record<string, string> = {
  'no-shards-no-index': 'NO_SHARDS_NO_INDEX',
  'missing-size': 'SHARD_SIZE_UNKNOWN',
  'missing-blob': 'SHARD_NOT_FOUND',
}
/**
 * As test/integration/migration-workflows.test.ts, except that an upload seeded `complete`
 * already has its index and its claims with space: the migration needs neither the size nor
 * the blob of its shards, finds it already migrated, and the verify-only run agrees. (The
 * tests' small worlds hold the quirks in state `not-started` only; larger ones roll any state.)
 */
export const expectedReason = (u: SeededUpload): string | undefined =>
  u.state === 'complete' ? undefined : EXPECTED_FAILURES[u.quirk]

const show = (items: string[], max = 5) =>
  items.length <= max
    ? items.join('; ')
    : `${items.slice(0, max).join('; ')}; … ${items.length - max} more`

/**
 * Nothing published twice (as test/helpers/side-effects.ts): one index per root, one cached
 * location claim per shard and space, one blob per digest and space, each gateway delegation
 * written new once and never replaced; every authorized space holds as many delegations; one
 * IPNI job per cached claim.
 */
export function duplicateSideEffects(sandbox: Sandbox): Check[] {
  const ledger = sandbox.ledger
  const unique = (name: string, keys: string[]): Check => {
    const seen = new Set<string>()
    const repeated = keys.filter((k) => seen.size === seen.add(k).size)
    return {
      name,
      ok: repeated.length === 0,
      detail:
        repeated.length === 0
          ? `${keys.length} distinct`
          : `${repeated.length} repeated: ${show(repeated)}`,
    }
  }
  const writes = ledger.find('delegation-stored')
  const perSpace = new Map<string, number>()
  for (const e of writes.filter((w) => w.write === 'new'))
    perSpace.set(e.space, (perSpace.get(e.space) ?? 0) + 1)
  const sizes = new Set(perSpace.values())
  return [
    unique(
      'one index per root',
      ledger.find('index-registered').map((e) => e.root)
    ),
    unique(
      'one location claim per shard and space',
      ledger.find('claim-cached').map((e) => `${e.content} in ${e.space}`)
    ),
    unique(
      'one blob per digest and space',
      ledger.find('blob-added').map((e) => `${e.digest} in ${e.space}`)
    ),
    unique(
      'each gateway delegation stored once',
      writes
        .filter((w) => w.write !== 'identical')
        .map((e) => `${e.delegation} in ${e.space}`)
    ),
    {
      name: 'gateway authorized once per space',
      ok: sizes.size <= 1,
      detail: `${perSpace.size} spaces, delegations per space: ${[...sizes].join(', ') || 'none'}`,
    },
    ...ipniJobChecks(sandbox),
  ]
}

/**
 * A kill (or a failed row write) after the gateway stored a space's delegations and before the
 * row recorded them makes the next attempt send the same `access/delegate` again: the chain has
 * no nonce and no expiry and signatures are deterministic, so the gateway writes the same keys
 * with the same bytes, which no reader can tell from one write (and the gateway has no read
 * API to check first). That passes when every resend was identical and reached the row in the
 * end: each authorized space's row names the serve delegation the gateway holds for it.
 */
export async function gatewayRowChecks(
  sandbox: Sandbox,
  tables: Tables,
  spaces: Map<string, string>
): Promise<Check> {
  const writes = sandbox.ledger.find('delegation-stored')
  const held = new Map<string, Set<string>>()
  for (const w of writes)
    held.set(w.space, (held.get(w.space) ?? new Set()).add(w.delegation))
  const resent = new Set(
    writes.filter((w) => w.write === 'identical').map((w) => w.space)
  )
  const changed = writes.filter((w) => w.write === 'changed')
  const problems = changed.map((w) => `${w.delegation} in ${w.space} replaced`)
  for (const [space, delegations] of held) {
    const row = await tables.migrationProgress.get(
      spaces.get(space) ?? '',
      space
    )
    if (!row?.gatewayDelegation || !delegations.has(row.gatewayDelegation))
      problems.push(
        `${space}: row names ${row?.gatewayDelegation ?? 'nothing'}`
      )
  }
  return {
    name: 'every authorization recorded on its row; resent ones unchanged',
    ok: problems.length === 0,
    detail:
      problems.length > 0
        ? show(problems)
        : `${held.size} spaces authorized, ${resent.size} resent the same delegations after an interruption`,
  }
}

/**
 * One IPNI job per location claim the migration cached, none queued twice (the FIFO drops
 * retried sends). Storage nodes' claims for the index blobs they hold are theirs to announce.
 */
function ipniJobChecks(sandbox: Sandbox): Check[] {
  const jobs = Object.values(SANDBOX_QUEUES).flatMap((queue) =>
    sandbox.s3sqs
      .queueMessages(queue)
      .map((m) => (JSON.parse(m.body) as { JobID: string }).JobID)
  )
  const distinct = new Set(jobs)
  const claims = sandbox.ledger.count('claim-cached', {
    issuer: sandbox.ids.uploadService.toDIDKey(),
  })
  return [
    {
      name: 'each IPNI job queued once',
      ok: distinct.size === jobs.length,
      detail: `${jobs.length} messages, ${distinct.size} distinct jobs`,
    },
    {
      name: 'one IPNI job per location claim the migration cached',
      ok: distinct.size === claims,
      detail: `${distinct.size} jobs, ${claims} claims cached`,
    },
  ]
}

/** Every failure row of the world, by `space root`. */
export async function failureRows(
  tables: Tables,
  spaces: Iterable<string>
): Promise<Map<string, UploadFailure>> {
  const rows = new Map<string, UploadFailure>()
  for (const space of spaces)
    for await (const page of tables.migrationFailures.bySpace(space))
      for (const row of page) rows.set(`${row.space} ${row.root}`, row)
  return rows
}

export interface FailureSplit {
  /** Awkward uploads recorded with their known reason. */
  expected: UploadFailure[]
  /** Awkward uploads with no failure row, or another reason. */
  wrongOrMissing: string[]
  /** Any other upload recorded as failed (a fault that outlived the retries). */
  unexpected: UploadFailure[]
  /** Failure rows for roots the world does not have. */
  unknown: UploadFailure[]
}

export function splitFailures(
  uploads: readonly SeededUpload[],
  rows: Map<string, UploadFailure>
): FailureSplit {
  const split: FailureSplit = {
    expected: [],
    wrongOrMissing: [],
    unexpected: [],
    unknown: [],
  }
  const known = new Set<string>()
  for (const u of uploads) {
    const key = `${u.space} ${u.root}`
    known.add(key)
    const row = rows.get(key)
    const reason = expectedReason(u)
    if (reason === undefined) {
      if (row) split.unexpected.push(row)
    } else if (row?.reason === reason) split.expected.push(row)
    else
      split.wrongOrMissing.push(
        `${u.root} (${u.quirk}): ${row ? `recorded ${row.reason}` : 'no failure row'}, expected ${reason}`
      )
  }
  for (const [key, row] of rows) if (!known.has(key)) split.unknown.push(row)
  return split
}

export function failureChecks(split: FailureSplit, expected: number): Check[] {
  const reasonless = split.unexpected.filter(
    (r) =>
      !r.reason ||
      !(FAILURE_REASONS as readonly string[]).includes(r.reason) ||
      !r.error
  )
  return [
    {
      name: 'awkward uploads failed with their known reason',
      ok:
        split.wrongOrMissing.length === 0 && split.expected.length === expected,
      detail:
        split.wrongOrMissing.length === 0
          ? `${split.expected.length} of ${expected}`
          : show(split.wrongOrMissing),
    },
    {
      name: 'every other failure has a reason and an error',
      ok: reasonless.length === 0,
      detail:
        reasonless.length === 0
          ? `${split.unexpected.length} other failures, all with a reason`
          : show(
              reasonless.map((r) => `${r.root}: '${r.reason}' '${r.error}'`)
            ),
    },
    {
      name: 'no failure rows for unknown uploads',
      ok: split.unknown.length === 0,
      detail:
        split.unknown.length === 0
          ? 'none'
          : show(split.unknown.map((r) => `${r.space} ${r.root}`)),
    },
  ]
}

/**
 * Progress tables agree with the uploads: each space row counts all its uploads as completed and
 * is no longer in progress; each customer row counts all the customer's uploads.
 */
export async function progressChecks(
  tables: Tables,
  spaces: Map<string, string>,
  uploads: readonly SeededUpload[]
): Promise<Check[]> {
  const bySpace = new Map<string, number>()
  const byCustomer = new Map<string, number>()
  for (const u of uploads) {
    bySpace.set(u.space, (bySpace.get(u.space) ?? 0) + 1)
    byCustomer.set(u.customer, (byCustomer.get(u.customer) ?? 0) + 1)
  }
  const spaceProblems: string[] = []
  for (const [space, customer] of spaces) {
    const count = bySpace.get(space) ?? 0
    const row = await tables.migrationProgress.get(customer, space)
    if (!row) spaceProblems.push(`${space}: no row`)
    else if (
      row.completedUploads !== count ||
      row.totalUploads !== count ||
      row.status === 'in-progress' ||
      row.status === 'pending'
    )
      spaceProblems.push(
        `${space}: completed ${row.completedUploads}, total ${row.totalUploads}, uploads ${count}, ${row.status} (last written by ${row.workerId ?? '?'} at ${row.updatedAt})`
      )
  }
  const customerProblems: string[] = []
  for (const customer of new Set(spaces.values())) {
    const count = byCustomer.get(customer) ?? 0
    const row = await tables.migrationCustomers.get(customer)
    if (!row) customerProblems.push(`${customer}: no row`)
    else if (
      row.completedUploads !== count ||
      row.status === 'in-progress' ||
      row.status === 'pending'
    )
      customerProblems.push(
        `${customer}: completed ${row.completedUploads}, uploads ${count}, ${row.status}`
      )
  }
  return [
    {
      name: 'space rows: completedUploads = uploads, finished',
      ok: spaceProblems.length === 0,
      detail:
        spaceProblems.length === 0
          ? `${spaces.size} spaces`
          : show(spaceProblems),
    },
    {
      name: 'customer rows: completedUploads = uploads, finished',
      ok: customerProblems.length === 0,
      detail:
        customerProblems.length === 0
          ? `${new Set(spaces.values()).size} customers`
          : show(customerProblems),
    },
  ]
}

/** Every space of the world with its customer, empty spaces included. */
export async function allSpaces(tables: Tables): Promise<Map<string, string>> {
  const spaces = new Map<string, string>()
  for await (const page of tables.consumer.scanSegment(0, 1))
    for (const { space, customer } of page) spaces.set(space, customer)
  return spaces
}

/** Uploads completed so far, from the space rows (mirrored after each page). */
export async function completedUploads(tables: Tables): Promise<number> {
  let done = 0
  for await (const page of tables.migrationProgress.scanAll())
    for (const row of page) done += row.completedUploads
  return done
}
