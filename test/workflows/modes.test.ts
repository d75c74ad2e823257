import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type {
  MigrationMode,
  UploadStepMode,
} from '../../src/workflows/types.js'
import { FakeWorld } from '../helpers/fake-world.js'
import { workflowHarness } from '../helpers/workflow-harness.js'

const harness = await workflowHarness()

/** What each mode does, read off the activity calls. */
const MODES: Record<
  MigrationMode,
  {
    /** The per-upload steps its pages run; none when it runs no page. */
    steps?: UploadStepMode
    authorizesGateway: boolean
    createsMigrationSpace: boolean
    /** Writes the progress and customer rows. */
    tracks: boolean
  }
> = {
  full: {
    steps: 'full',
    authorizesGateway: true,
    createsMigrationSpace: true,
    tracks: true,
  },
  'test-index': {
    steps: 'index',
    authorizesGateway: false,
    createsMigrationSpace: true,
    tracks: false,
  },
  'test-location-claims': {
    steps: 'location-claims',
    authorizesGateway: false,
    createsMigrationSpace: false,
    tracks: false,
  },
  'test-gateway-auth': {
    authorizesGateway: true,
    createsMigrationSpace: false,
    tracks: false,
  },
  'verify-only': {
    steps: 'verify-only',
    authorizesGateway: false,
    createsMigrationSpace: false,
    tracks: false,
  },
  repair: {
    steps: 'repair',
    authorizesGateway: false,
    createsMigrationSpace: true,
    tracks: true,
  },
}

type ModeExpectation = (typeof MODES)[MigrationMode]

const describeMode = (mode: ModeExpectation) =>
  [
    mode.steps ? `${mode.steps} pages` : 'no pages',
    mode.authorizesGateway ? 'authorizes the gateway' : 'no gateway',
    mode.createsMigrationSpace
      ? 'creates the migration space'
      : 'no migration space',
    mode.tracks ? 'writes progress' : 'writes no progress',
  ].join(', ')

describe('modes', () => {
  for (const [mode, expected] of Object.entries(MODES) as [
    MigrationMode,
    ModeExpectation,
  ][]) {
    for (const batched of [false, true])
      it(`${mode}${batched ? ', small spaces batched' : ''}: ${describeMode(expected)}`, async () => {
        const world = new FakeWorld({
          customers: 1,
          spacesPerCustomer: 2,
          uploadsPerSpace: 2,
        })
        // Migrated before, so that a check finds every upload in place.
        for (const root of world.uploads) world.migrated.add(root)
        const customer = world.customers[0]!
        const result = await harness.run(world, async (start) =>
          (
            await start.customer(customer, {
              mode,
              tuning: { smallSpaceUploads: batched ? 100 : 0 },
            })
          ).result()
        )
        assert.equal(result.status, 'completed', result.error)
        assert.equal(result.spaces, 2)
        assert.equal(result.processed, expected.steps ? 4 : 0)
        assert.deepEqual(
          world.callsOf('prepareCustomer').map((c) => c.input),
          [
            {
              customer,
              track: expected.tracks,
              createMigrationSpace: expected.createsMigrationSpace,
            },
          ]
        )
        if (batched) expectBatch(world, expected)
        else expectSpaceWorkflows(world, expected)
        assert.equal(
          world.gatewayAuthorizations.size,
          expected.authorizesGateway ? 2 : 0
        )
        assert.equal(
          world.migrationSpaces.size,
          expected.createsMigrationSpace ? 1 : 0
        )
        const writes = world.callsOf('recordCustomer')
        assert.equal(writes.length > 0, expected.tracks)
        assert.equal(world.progress.size, expected.tracks ? 2 : 0)
        assert.equal(world.customerRows.size, expected.tracks ? 1 : 0)
      })
    it(`${mode}, small customers batched: ${describeMode(expected)}`, async () => {
      const world = new FakeWorld({
        customers: 1,
        spacesPerCustomer: 2,
        uploadsPerSpace: 2,
      })
      for (const root of world.uploads) world.migrated.add(root)
      const result = await harness.run(world, async (start) =>
        (
          await start.instance({
            mode,
            tuning: { smallSpaceUploads: 100, smallCustomerUploads: 100 },
          })
        ).result()
      )
      assert.equal(result.status, 'completed')
      assert.equal(result.customers, 1)
      assert.equal(result.processed, expected.steps ? 4 : 0)
      const batches = world.callsOf('migrateSmallCustomers').map((c) => c.input)
      assert.deepEqual(
        batches.map((b) => [
          b.steps,
          b.track,
          b.createMigrationSpace,
          b.authorizeGateway,
        ]),
        [
          [
            expected.steps,
            expected.tracks,
            expected.createsMigrationSpace,
            expected.authorizesGateway,
          ],
        ]
      )
      assert.equal(world.callsOf('prepareCustomer').length, 0)
      assert.equal(
        world.gatewayAuthorizations.size,
        expected.authorizesGateway ? 2 : 0
      )
      assert.equal(
        world.migrationSpaces.size,
        expected.createsMigrationSpace ? 1 : 0
      )
      assert.equal(world.progress.size, expected.tracks ? 2 : 0)
      assert.equal(world.customerRows.size, expected.tracks ? 1 : 0)
    })
  }
})

/** Each space in a workflow of its own: its begin, pages and last step as activities. */
function expectSpaceWorkflows(world: FakeWorld, expected: ModeExpectation) {
  const pages = world.callsOf('migrateUploadPage').map((c) => c.input)
  assert.deepEqual(
    [...new Set(pages.map((p) => p.mode))],
    expected.steps ? [expected.steps] : []
  )
  assert.ok(
    pages.every((p) => (p.progress !== undefined) === expected.tracks),
    'pages mirror progress only when the mode tracks it'
  )
  const begun = world.callsOf('beginSpace').map((c) => c.input)
  assert.deepEqual(
    begun.map((b) => [b.track, b.authorizeGateway]),
    [
      [expected.tracks, expected.authorizesGateway],
      [expected.tracks, expected.authorizesGateway],
    ]
  )
  assert.equal(
    world.callsOf('finishSpace').length > 0,
    expected.tracks,
    'a last step writes only when the mode tracks progress'
  )
}

/** Both spaces in one batch activity, told the mode's steps, tracking and gateway. */
function expectBatch(world: FakeWorld, expected: ModeExpectation) {
  assert.equal(world.callsOf('beginSpace').length, 0)
  assert.equal(world.callsOf('migrateUploadPage').length, 0)
  const batches = world.callsOf('migrateSmallSpaces').map((c) => c.input)
  assert.deepEqual(
    batches.map((b) => [b.spaces.length, b.steps, b.track, b.authorizeGateway]),
    [[2, expected.steps, expected.tracks, expected.authorizesGateway]]
  )
}
