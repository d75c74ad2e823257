import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { customerWorkflowId } from '../../src/workflows/ids.js'
import { pauseSignal } from '../../src/workflows/signals.js'
import { migrationWorld } from '../helpers/migration-world.js'
import { spawnTs, watch } from '../helpers/processes.js'

const world = await migrationWorld({
  seed: 'cli-migrate',
  customers: 3,
  spacesPerCustomer: 2,
  uploadsPerSpace: 3,
})
const env = { ...process.env, ...world.env, ENV_FILE: '/nonexistent/.env' }

/** Runs the CLI to its end; returns exit code and output. */
async function cli(...args: string[]) {
  const child = watch(spawnTs('src/client/main.ts', args, env))
  const code = await child.exit
  return { code, output: child.output() }
}

const mailto = () => world.customers.find((c) => c.startsWith('did:mailto:'))!
const workflowExists = (id: string) =>
  world.temporal.client.workflow
    .getHandle(id)
    .describe()
    .then(() => true)
    .catch(() => false)

describe(
  'migrate: bad input is one line, exit 2, nothing started',
  { concurrency: 4 },
  () => {
    const cases: [string, string[], RegExp][] = [
      ['unknown flag', ['migrate', '--bogus'], /Unknown argument: bogus/],
      ['no scope', ['migrate'], /choose what to migrate/],
      [
        '--cid without --space',
        ['migrate', '--cid', 'bafy'],
        /--cid needs --space/,
      ],
      [
        'a CID that is none',
        ['migrate', '--space', 'did:key:z6Mkabc', '--cid', 'nope'],
        /is not a CID/,
      ],
      [
        'a space that is no did:key',
        ['migrate', '--space', 'did:web:x'],
        /is not a did:key/,
      ],
      [
        'conflicting modes',
        [
          'migrate',
          '--customer',
          'did:mailto:a.b:c',
          '--test-index',
          '--repair',
        ],
        /conflict/,
      ],
      [
        'missing customers file',
        ['migrate', '--customers-file', '/nonexistent.json'],
        /cannot read customers file/,
      ],
      [
        'zero limit',
        ['migrate', '--customer', 'did:mailto:a.b:c', '--limit', '0'],
        /--limit must be a positive/,
      ],
      [
        'a failure rate that is no percentage',
        [
          'migrate',
          '--customer',
          'did:mailto:a.b:c',
          '--max-failure-rate',
          '150',
        ],
        /--max-failure-rate must be a percentage/,
      ],
      [
        'a negative failure count',
        ['migrate', '--customer', 'did:mailto:a.b:c', '--max-failures', '-1'],
        /--max-failures must be a whole number/,
      ],
      [
        'a failure budget on a run that records none',
        [
          'migrate',
          '--customer',
          'did:mailto:a.b:c',
          '--verify-only',
          '--max-failures',
          '3',
        ],
        /need a mode that records failures/,
      ],
    ]
    for (const [name, args, expected] of cases)
      it(name, async () => {
        const { code, output } = await cli(...args)
        assert.equal(code, 2, output)
        assert.match(output, expected)
        assert.equal(
          output.split('\n').filter((l) => l.startsWith('error:')).length,
          1
        )
      })
    it('writes nothing for a rejected customer', async () => {
      assert.equal(
        await workflowExists(
          customerWorkflowId(
            { env: 'local', mode: 'repair' },
            'did:mailto:a.b:c'
          )
        ),
        false
      )
    })
  }
)

describe('migrate against the local stack and sandbox', () => {
  it('--dry-run counts the scope and starts nothing', async () => {
    const customer = mailto()
    const { code, output } = await cli(
      'migrate',
      '--customer',
      customer,
      '--dry-run'
    )
    assert.equal(code, 0, output)
    assert.match(
      output,
      /scope: 1 customers, 2 spaces, \d+ uploads \(counted\)/
    )
    assert.match(output, /dry run: nothing started, nothing written/)
    assert.equal(
      await workflowExists(
        customerWorkflowId({ env: 'local', mode: 'full' }, customer)
      ),
      false
    )
  })

  it('starts, follows to the end, and reports; control status shows the result', async () => {
    const customer = mailto()
    const run = await world.withWorker(() =>
      cli('migrate', '--customer', customer, '--yes', '--follow')
    )
    assert.match(
      run.output,
      /started customerMigrationWorkflow migration\/local\/full\/customer\//
    )
    assert.match(
      run.output,
      /finished: (completed|failed), \d+ uploads processed/
    )
    const uploads = world.uploads.filter((u) => u.customer === customer).length
    assert.match(
      run.output,
      new RegExp(`finished: \\w+, ${uploads} uploads processed`)
    )
    const status = await world.withWorker(() =>
      cli('control', 'status', '--customer', customer)
    )
    assert.equal(status.code, 0, status.output)
    assert.match(status.output, /"status": "COMPLETED"/)
  })

  it('attaches to a running migration instead of starting a second, and cancels it', async () => {
    const customer = world.customers.filter((c) => c !== mailto())[0]!
    const first = await cli(
      'migrate',
      '--customer',
      customer,
      '--yes',
      '--test-index'
    )
    assert.match(first.output, /^started /m)
    const second = await cli(
      'migrate',
      '--customer',
      customer,
      '--yes',
      '--test-index'
    )
    assert.match(second.output, /^attached to running /m)
    const id = customerWorkflowId(
      { env: 'local', mode: 'test-index' },
      customer
    )
    const handle = world.temporal.client.workflow.getHandle(id)
    // Paused, it stays running once a worker picks it up, until cancelled.
    await handle.signal(pauseSignal)
    const status = await world.withWorker(async () => {
      const cancel = await cli(
        'control',
        'cancel',
        '--customer',
        customer,
        '--mode',
        'test-index'
      )
      assert.equal(cancel.code, 0, cancel.output)
      return handle.result().then(
        () => 'COMPLETED',
        async () => (await handle.describe()).status.name
      )
    })
    assert.equal(status, 'CANCELLED')
  })
})
