import assert from 'node:assert/strict'
import { after, describe, it } from 'node:test'
import { revokeGatewayAuthorization } from '../../src/migration/gateway/revoke-authorization.js'
import type { SpaceProgress } from '../../src/services/dynamo/migration-progress-table.js'
import { createDeps } from '../../src/workers/deps.js'
import { migrationWorld } from '../helpers/migration-world.js'
import { spawnTs, watch } from '../helpers/processes.js'
import { assertNoDuplicateSideEffects } from '../helpers/side-effects.js'

const world = await migrationWorld({
  seed: 'rollback',
  customers: 3,
  spacesPerCustomer: 3,
  uploadsPerSpace: 3,
})
const env = { ...process.env, ...world.env, ENV_FILE: '/nonexistent/.env' }
const deps = await createDeps(world.config, { timeoutMs: 5_000 })
after(() => deps.close())

/** `npm run cli -- …` in a process of its own; exit code and output. */
async function cli(...args: string[]) {
  const child = watch(spawnTs('src/client/main.ts', args, env))
  const code = await child.exit
  return { code, output: child.output() }
}

async function migrate(name: string) {
  const handle = await world.startInstance(name)
  return world.withWorker(() => handle.result())
}

const head = async (root: string) =>
  (
    await fetch(`${world.sandbox.gateway.url}/ipfs/${root}`, {
      method: 'HEAD',
    })
  ).status

/** Every progress row, by space. */
async function progressRows(): Promise<Map<string, SpaceProgress>> {
  const rows = new Map<string, SpaceProgress>()
  for await (const page of world.tables.migrationProgress.scanAll())
    for (const row of page) rows.set(row.space, row)
  return rows
}

async function failureRowsOf(space: string) {
  const rows = []
  for await (const page of world.tables.migrationFailures.bySpace(space))
    rows.push(...page)
  return rows
}

/** The roots of a space that the gateway serves now. */
async function servedRoots(space: string): Promise<string[]> {
  const roots = world.uploads.filter((u) => u.space === space)
  const statuses = await Promise.all(roots.map((u) => head(u.root)))
  return roots.filter((_, i) => statuses[i] === 200).map((u) => u.root)
}

const revocations = () => world.sandbox.ledger.find('delegation-revoked')

describe('rollback of a space on the real stack', () => {
  let target: SpaceProgress
  let targetRoots: string[]
  let others: Map<string, SpaceProgress>
  let otherRoots: Map<string, string[]>

  it('migrates the world, leaving spaces authorized and servable', async () => {
    const result = await migrate('first')
    assert.equal(result.processed, world.uploads.length)
    const rows = await progressRows()
    const authorized = [...rows.values()].filter((r) => r.gatewayDelegation)
    assert.ok(authorized.length >= 3, 'several spaces authorized')
    // A space with failure rows as well, so that their reset shows.
    const withFailures = await Promise.all(
      authorized.map(async (r) => (await failureRowsOf(r.space)).length > 0)
    )
    const served = await Promise.all(
      authorized.map((r) => servedRoots(r.space))
    )
    const index = authorized.findIndex(
      (_, i) => withFailures[i] && served[i]!.length > 0
    )
    assert.ok(index >= 0, 'a servable space with failure rows')
    target = authorized[index]!
    targetRoots = served[index]!
    others = new Map([...rows].filter(([space]) => space !== target.space))
    otherRoots = new Map(
      authorized
        .map((r, i) => [r.space, served[i]!] as const)
        .filter(([space, roots]) => space !== target.space && roots.length > 0)
    )
    assert.ok(otherRoots.size > 0, 'other servable spaces')
    assert.equal(revocations().length, 0)
  })

  it('refuses bad input with one error line and exit 2, writing nothing', async () => {
    const before = await progressRows()
    for (const [args, message] of [
      [
        ['--space', 'did:web:nope'],
        /error: --space did:web:nope is not a did:key/,
      ],
      [[], /error: choose a scope: --customer, --space or --instance/],
      [['--customer', 'alice'], /error: --customer alice is not a DID/],
      [
        ['--space', target.space, '--instance', '1'],
        /error: choose one scope: --space and --instance conflict/,
      ],
      [['--space', target.space, '--execute'], /pass --yes to roll back/],
      [['--bogus'], /Unknown argument: bogus/],
    ] as const) {
      const { code, output } = await cli('rollback', ...args)
      assert.equal(code, 2, output)
      assert.match(output, message)
    }
    assert.deepEqual(await progressRows(), before)
    assert.equal(revocations().length, 0)
  })

  it('prints on a dry run what it would revoke and reset, and what stays, changing nothing', async () => {
    const before = await progressRows()
    const { code, output } = await cli('rollback', '--space', target.space)
    assert.equal(code, 0, output)
    assert.match(output, /^Rollback \(dry run\): space /m)
    assert.match(output, new RegExp(`revoke ${target.gatewayDelegation}`))
    assert.match(output, /gateway delegations to revoke: 1/)
    assert.match(
      output,
      new RegExp(`issued by ${world.sandbox.gateway.did} \\(their audience\\)`)
    )
    assert.match(output, /Stays, and why:/)
    assert.match(output, /additive/)
    assert.match(output, /Dry run: nothing revoked or written/)
    assert.deepEqual(await progressRows(), before)
    assert.equal(revocations().length, 0)
    assert.deepEqual(await servedRoots(target.space), targetRoots)
  })

  it('--execute --yes revokes the delegation: the gateway serves none of the space, its rows read pending, others untouched', async () => {
    const { code, output } = await cli(
      'rollback',
      '--space',
      target.space,
      '--execute',
      '--yes'
    )
    assert.equal(code, 0, output)
    assert.match(
      output,
      /Revoked 1 gateway delegation; reset 1 space progress row/
    )

    assert.deepEqual(
      revocations().map(({ delegation, scope }) => ({ delegation, scope })),
      [
        {
          delegation: target.gatewayDelegation,
          scope: world.sandbox.gateway.did,
        },
      ]
    )
    for (const root of targetRoots) assert.equal(await head(root), 404, root)
    const check = await world.sandbox.gateway.servable(target.space)
    assert.equal(check.servable, false)
    assert.equal(check.error?.name, 'Revoked')
    assert.match(
      check.error?.message ?? '',
      new RegExp(`${target.gatewayDelegation} has been revoked`)
    )

    const row = (await progressRows()).get(target.space)
    assert.equal(row?.status, 'pending')
    assert.equal(row?.completedUploads, 0)
    assert.equal(row?.lastProcessedUpload, '')
    assert.equal(row?.error, '')
    assert.equal(row?.gatewayDelegation, '')
    assert.equal(row?.gatewayRevocations, 1)
    assert.deepEqual(await failureRowsOf(target.space), [], 'failures reset')
    assert.equal(
      (await world.tables.migrationCustomers.get(target.customer))?.status,
      'pending'
    )

    const now = await progressRows()
    for (const [space, before] of others)
      assert.deepEqual(now.get(space), before, `${space} untouched`)
    for (const [space, roots] of otherRoots)
      assert.deepEqual(await servedRoots(space), roots, `${space} still served`)
  })

  it('is idempotent: a rerun revokes and writes nothing, and revoking again is counted once', async () => {
    const before = await progressRows()
    const { code, output } = await cli(
      'rollback',
      '--space',
      target.space,
      '--execute',
      '--yes'
    )
    assert.equal(code, 0, output)
    assert.match(output, /gateway delegations to revoke: 0/)
    assert.match(output, /Nothing to roll back/)
    assert.deepEqual(await progressRows(), before)

    await revokeGatewayAuthorization(deps.revoke, {
      space: target.space,
      delegation: target.gatewayDelegation!,
      revocations: target.gatewayRevocations,
    })
    assert.equal(revocations().length, 1, 'one revocation in the ledger')
  })

  it('a later migrate authorizes the space again with a new delegation, and it serves again', async () => {
    const stored = world.sandbox.ledger.count('delegation-stored', {
      space: target.space,
    })
    await migrate('second')
    const row = (await progressRows()).get(target.space)
    assert.ok(row?.gatewayDelegation, 'authorized again')
    assert.notEqual(row.gatewayDelegation, target.gatewayDelegation)
    assert.equal(row.gatewayRevocations, 1)
    assert.equal(row.status, target.status)
    assert.equal(row.completedUploads, target.completedUploads)
    assert.ok(
      world.sandbox.ledger.count('delegation-stored', {
        space: target.space,
        delegation: row.gatewayDelegation,
      }) > 0
    )
    assert.ok(
      world.sandbox.ledger.count('delegation-stored', { space: target.space }) >
        stored
    )
    assert.deepEqual(await servedRoots(target.space), targetRoots)
    assert.equal(
      (await world.sandbox.gateway.servable(target.space)).servable,
      true
    )
    assert.equal(revocations().length, 1)
    // What stayed is found again, not written twice: no index, claim or blob is repeated.
    assertNoDuplicateSideEffects(world.sandbox)
  })
})
