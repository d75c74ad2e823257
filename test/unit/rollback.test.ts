import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  addSpaceToPlan,
  emptyRollbackPlan,
  needsRollback,
  renderRollbackPlan,
  renderRollbackResult,
  rolledBackRow,
  type RollbackDeps,
  rollbackScope,
  runRollback,
  spaceRollback,
  unattendedRollbackProblem,
} from '../../src/client/rollback/index.js'
import type { AdminTables } from '../../src/client/shared/admin-tables.js'
import { serveNonce } from '../../src/migration/gateway/authorize-gateway.js'
import type { RevokeTarget } from '../../src/migration/gateway/revoke-authorization.js'
import type { CustomerProgress } from '../../src/services/dynamo/migration-customers-table.js'
import type { FailureSummary } from '../../src/services/dynamo/migration-failures-table.js'
import type {
  SpaceProgress,
  SpaceProgressUpdate,
} from '../../src/services/dynamo/migration-progress-table.js'

const CUSTOMER = 'did:mailto:example.com:alice'
const SPACE = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK'
const OTHER = 'did:key:z6MkrZ1r5XBFZjBU34qyD8fueMbMRkKw17BZaq2ivKFjnz2z'

const row = (fields: Partial<SpaceProgress> = {}): SpaceProgress => ({
  customer: CUSTOMER,
  space: SPACE,
  status: 'completed',
  totalUploads: 5,
  completedUploads: 5,
  lastProcessedUpload: 'bafyroot5',
  gatewayDelegation: 'bafyreiserve',
  error: '',
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-01T00:00:00.000Z',
  ...fields,
})

const revoker = { issuer: 'did:web:gateway.local', service: 'did:web:up.local' }

describe('rollback plan', () => {
  it('rolls back a row with a delegation, a result or a gateway failure; not one already pending and empty', () => {
    assert.equal(needsRollback(row()), true)
    assert.equal(
      needsRollback(
        row({
          status: 'pending',
          completedUploads: 0,
          lastProcessedUpload: '',
          gatewayDelegation: '',
        })
      ),
      false
    )
    assert.equal(
      needsRollback(
        row({
          status: 'pending',
          completedUploads: 0,
          lastProcessedUpload: '',
          gatewayDelegation: undefined,
          gatewayReason: 'MISSING_DELEGATION',
        })
      ),
      true,
      'a gateway failure is cleared too'
    )
    assert.equal(
      needsRollback(
        row({
          status: 'pending',
          completedUploads: 0,
          lastProcessedUpload: '',
          gatewayDelegation: 'bafyreiserve',
        })
      ),
      true,
      'a pending row that still records a delegation is revoked'
    )
  })

  it('resets the row, empties the gateway outcome and counts the revocation', () => {
    const update: SpaceProgressUpdate = rolledBackRow(
      spaceRollback(row({ gatewayRevocations: 2, gatewayReason: 'X' }))
    )
    assert.deepEqual(update, {
      status: 'pending',
      completedUploads: 0,
      lastProcessedUpload: '',
      error: '',
      gatewayDelegation: '',
      gatewayReason: '',
      gatewayRevocations: 3,
    })
    const never = rolledBackRow(
      spaceRollback(row({ gatewayDelegation: undefined }))
    )
    assert.equal(never.gatewayRevocations, undefined, 'nothing was revoked')
  })

  it('gives a re-authorized serve delegation a nonce of its own after each revocation', () => {
    assert.equal(serveNonce(0), undefined)
    assert.equal(serveNonce(undefined), undefined)
    assert.notEqual(serveNonce(1), serveNonce(2))
    assert.ok(serveNonce(1))
  })

  it('gives each forced re-authorization a nonce of its own, apart from the revocations', () => {
    const nonces = [
      serveNonce(0, 0),
      serveNonce(0, 1),
      serveNonce(0, 2),
      serveNonce(1, 0),
      serveNonce(1, 1),
    ]
    assert.equal(nonces[0], undefined)
    assert.equal(new Set(nonces).size, nonces.length)
  })

  it('counts spaces, revocations and processed uploads page by page, listing the first', () => {
    const plan = emptyRollbackPlan({ kind: 'customer', customer: CUSTOMER })
    addSpaceToPlan(plan, row())
    addSpaceToPlan(
      plan,
      row({
        space: OTHER,
        status: 'failed',
        completedUploads: 2,
        gatewayDelegation: undefined,
        gatewayReason: 'MISSING_DELEGATION',
      })
    )
    addSpaceToPlan(
      plan,
      row({
        space: 'did:key:z6MkPending',
        status: 'pending',
        completedUploads: 0,
        lastProcessedUpload: undefined,
        gatewayDelegation: undefined,
      })
    )
    assert.equal(plan.spaces.total, 3)
    assert.equal(plan.spaces.toRollBack, 2)
    assert.equal(plan.spaces.toRevoke, 1)
    assert.equal(plan.spaces.processedUploads, 7)
    assert.deepEqual(
      plan.spaces.listed.map((s) => [s.space, s.delegation]),
      [
        [SPACE, 'bafyreiserve'],
        [OTHER, undefined],
      ]
    )
  })

  it('prints per space what it revokes, what it resets, and what stays and why', () => {
    const plan = emptyRollbackPlan({ kind: 'space', space: SPACE })
    addSpaceToPlan(plan, row())
    addSpaceToPlan(
      plan,
      row({
        space: OTHER,
        gatewayDelegation: undefined,
        gatewayReason: 'MISSING_DELEGATION',
      })
    )
    plan.failures = 3
    const text = renderRollbackPlan(plan, { execute: false, revoker })
    assert.match(text, /^Rollback \(dry run\): space did:key:/)
    assert.match(
      text,
      new RegExp(`${SPACE} +completed +5/5 uploads +revoke bafyreiserve`)
    )
    assert.match(
      text,
      /no gateway delegation recorded \(MISSING_DELEGATION\): nothing to revoke/
    )
    assert.match(
      text,
      /ucan\/revoke of each, issued by did:web:gateway\.local \(their audience\) to did:web:up\.local/
    )
    assert.match(text, /Failure rows to delete: 3/)
    assert.match(text, /indexes \(assert\/index\), location claims/)
    assert.match(text, /additive/)
    assert.match(text, /Dry run: nothing revoked or written/)
    assert.doesNotMatch(text, /warning/)
    addSpaceToPlan(
      plan,
      row({ space: 'did:key:z6MkRunning', status: 'in-progress' })
    )
    assert.match(
      renderRollbackPlan(plan, { execute: false, revoker }),
      /warning: 1 space in progress: cancel the running workflows first/
    )
    assert.doesNotMatch(
      renderRollbackPlan(plan, { execute: true, revoker }),
      /Dry run/
    )
  })

  it('reports spaces whose revocation failed', () => {
    const text = renderRollbackResult({
      revoked: 1,
      spaces: 1,
      customers: 1,
      failures: 2,
      failed: [{ space: OTHER, error: 'upload service down' }],
    })
    assert.match(
      text,
      /^Revoked 1 gateway delegation; reset 1 space progress row/
    )
    assert.match(
      text,
      new RegExp(
        `error: ${OTHER} not rolled back \\(rows kept\\): upload service down`
      )
    )
  })
})

describe('rollback flags', () => {
  const problem = (options: Parameters<typeof rollbackScope>[0]) => {
    const chosen = rollbackScope(options)
    return 'problem' in chosen ? chosen.problem : undefined
  }

  it('takes one of --customer, --space (alone or with its customer), --instance', () => {
    assert.deepEqual(rollbackScope({ space: SPACE }), {
      scope: { kind: 'space', space: SPACE, customer: undefined },
    })
    assert.deepEqual(rollbackScope({ customer: CUSTOMER }), {
      scope: { kind: 'customer', customer: CUSTOMER },
    })
    assert.deepEqual(rollbackScope({ instance: '2' }), {
      scope: { kind: 'instance', instanceId: '2' },
    })
  })

  it('refuses bad input with one clear problem', () => {
    assert.match(
      problem({})!,
      /choose a scope: --customer, --space or --instance/
    )
    assert.match(
      problem({ space: 'did:web:x' })!,
      /--space did:web:x is not a did:key/
    )
    assert.match(
      problem({ customer: 'alice' })!,
      /--customer alice is not a DID/
    )
    assert.match(problem({ space: SPACE, instance: '1' })!, /conflict/)
    assert.match(problem({ instance: '' })!, /--instance needs/)
    assert.match(
      unattendedRollbackProblem({ customer: CUSTOMER, execute: true }, false)!,
      /pass --yes/
    )
    assert.equal(
      unattendedRollbackProblem({ customer: CUSTOMER, execute: true }, true),
      undefined
    )
  })
})

/** The tables a one-space rollback touches, in memory; every write is logged. */
function memoryTables(rows: SpaceProgress[], failures: FailureSummary[]) {
  const writes: string[] = []
  const progress = new Map(rows.map((r) => [r.space, { ...r }]))
  const customer: CustomerProgress = {
    customer: CUSTOMER,
    status: 'completed',
    totalSpaces: 2,
    completedSpaces: 2,
    totalUploads: 10,
    completedUploads: 10,
    error: '',
  } as CustomerProgress
  const tables = {
    consumer: { ownerOf: async () => ({ customer: CUSTOMER }) },
    migrationProgress: {
      get: async (_c: string, space: string) => progress.get(space),
      update: async (c: string, space: string, fields: SpaceProgressUpdate) => {
        writes.push(`progress ${space}`)
        const updated = { ...progress.get(space)!, ...fields } as SpaceProgress
        progress.set(space, updated)
        return updated
      },
    },
    migrationCustomers: {
      get: async () => customer,
      update: async (c: string) => void writes.push(`customer ${c}`),
    },
    migrationFailures: {
      bySpace: async function* (space: string) {
        yield failures.filter((f) => f.space === space)
      },
      clear: async (space: string, root: string) =>
        void writes.push(`failure ${space} ${root}`),
    },
  }
  return { tables: tables as unknown as AdminTables, writes, progress }
}

describe('runRollback', () => {
  const quiet = { interactive: false, errors: { write: () => true } }
  const capture = () => {
    let text = ''
    return { out: { write: (t: string) => (text += t) }, text: () => text }
  }

  it('writes nothing on a dry run', async () => {
    const { tables, writes } = memoryTables([row()], [])
    const revoked: RevokeTarget[] = []
    const deps: RollbackDeps = {
      tables,
      revoke: async (t) => void revoked.push(t),
      revoker,
    }
    const out = capture()
    assert.equal(await runRollback(deps, { space: SPACE }, out.out, quiet), 0)
    assert.deepEqual(writes, [])
    assert.deepEqual(revoked, [])
    assert.match(out.text(), /revoke bafyreiserve/)
  })

  it('refuses --execute unattended without --yes, before anything is read', async () => {
    const { tables, writes } = memoryTables([row()], [])
    let errors = ''
    const status = await runRollback(
      { tables, revoke: async () => assert.fail('revoked'), revoker },
      { space: SPACE, execute: true },
      capture().out,
      { interactive: false, errors: { write: (t: string) => (errors += t) } }
    )
    assert.equal(status, 2)
    assert.match(errors, /^error: --execute asks for confirmation/)
    assert.deepEqual(writes, [])
  })

  it('revokes the recorded delegation with the row’s revocation count, then resets the row', async () => {
    const { tables, writes, progress } = memoryTables(
      [row({ gatewayRevocations: 1 })],
      [{ space: SPACE, root: 'bafyfailed', customer: CUSTOMER, reason: 'X' }]
    )
    const revoked: RevokeTarget[] = []
    const status = await runRollback(
      { tables, revoke: async (t) => void revoked.push(t), revoker },
      { space: SPACE, execute: true, yes: true },
      capture().out,
      quiet
    )
    assert.equal(status, 0)
    assert.deepEqual(revoked, [
      {
        space: SPACE,
        delegation: 'bafyreiserve',
        revocations: 1,
        reauthorizations: 0,
      },
    ])
    assert.deepEqual(writes, [
      `progress ${SPACE}`,
      `customer ${CUSTOMER}`,
      `failure ${SPACE} bafyfailed`,
    ])
    const after = progress.get(SPACE)!
    assert.equal(after.status, 'pending')
    assert.equal(after.gatewayDelegation, '')
    assert.equal(after.gatewayRevocations, 2)
  })

  it('keeps a space’s rows when its revocation fails, and exits 1', async () => {
    const { tables, writes, progress } = memoryTables(
      [row()],
      [{ space: SPACE, root: 'bafyfailed', customer: CUSTOMER, reason: 'X' }]
    )
    const out = capture()
    const status = await runRollback(
      {
        tables,
        revoke: async () => {
          throw new Error('upload service down')
        },
        revoker,
      },
      { space: SPACE, execute: true, yes: true },
      out.out,
      quiet
    )
    assert.equal(status, 1)
    assert.equal(progress.get(SPACE)?.gatewayDelegation, 'bafyreiserve')
    assert.equal(progress.get(SPACE)?.status, 'completed')
    assert.ok(
      !writes.some((w) => w.startsWith('progress') || w.startsWith('failure'))
    )
    assert.match(
      out.text(),
      /not rolled back \(rows kept\): upload service down/
    )
  })

  it('asks on a terminal, and a no changes nothing', async () => {
    const { tables, writes } = memoryTables([row()], [])
    const out = capture()
    const status = await runRollback(
      { tables, revoke: async () => assert.fail('revoked'), revoker },
      { space: SPACE, execute: true },
      out.out,
      { interactive: true, ask: async () => false }
    )
    assert.equal(status, 1)
    assert.deepEqual(writes, [])
    assert.match(out.text(), /Nothing rolled back/)
  })
})
