import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { before, describe, it } from 'node:test'
import {
  CheckpointFile,
  CountingStopped,
  type DistributionDeps,
  type DistributionOptions,
  type DistributionResult,
  type DistributionTables,
  instanceFileName,
  readCustomersFile,
  runSetupDistribution,
} from '../../src/client/distribution/index.js'
import { useTables } from '../../src/services/dynamo/index.js'
import { freshTables, testStack } from '../helpers/stack.js'

const { client, names } = await freshTables(await testStack())
const tables = useTables(client, names)

const ALICE = 'did:mailto:big.com:alice'
const BOB = 'did:mailto:mid.com:bob'
const CAROL = 'did:mailto:small.com:carol'
const EVE = 'did:mailto:tiny.com:eve'
const CI = 'did:mailto:mailslurp.com:ci'

/** Each customer's spaces and each space's uploads; the CI account is on the skip list. */
const SEED: Record<string, Record<string, number>> = {
  [ALICE]: { 'did:key:z6MkA1': 5, 'did:key:z6MkA2': 0, 'did:key:z6MkA3': 3 },
  [BOB]: { 'did:key:z6MkB1': 6 },
  [CAROL]: { 'did:key:z6MkC1': 1 },
  [EVE]: { 'did:key:z6MkE1': 0 },
  [CI]: { 'did:key:z6MkCI': 2 },
}
const COUNTED_SPACES = 6
const sum = (numbers: number[]) => numbers.reduce((a, b) => a + b, 0)

const ENV = 'local'
const newOutDir = () =>
  join(mkdtempSync(join(tmpdir(), 'setup-distribution-')), 'migration-state')

async function distribute(
  options: DistributionOptions,
  deps: Partial<DistributionDeps> = {}
): Promise<{ result: DistributionResult; text: string }> {
  let text = ''
  const result = await runSetupDistribution(
    {
      tables,
      env: ENV,
      tuning: {
        countConcurrency: 1,
        checkpointEvery: 1,
        retry: { sleep: async () => undefined },
      },
      ...deps,
    },
    options,
    { write: (chunk: string) => (text += chunk) }
  )
  return { result, text }
}

async function instanceCustomers(instanceId: string): Promise<string[]> {
  const customers: string[] = []
  let cursor: string | undefined
  do {
    const page = await tables.migrationCustomers.instancePage(instanceId, {
      cursor,
      limit: 100,
    })
    customers.push(...page.items)
    cursor = page.cursor
  } while (cursor)
  return customers.sort()
}

before(async () => {
  let n = 0
  for (const [customer, spaces] of Object.entries(SEED))
    for (const [space, uploads] of Object.entries(spaces)) {
      await tables.consumer.putIfAbsent({
        subscription: `sub-${n++}`,
        provider: 'did:web:up.local',
        consumer: space,
        customer,
      })
      for (let i = 0; i < uploads; i++)
        await tables.upload.put({
          space,
          root: `bafyroot${space}${i}`,
          shards: [],
        })
    }
})

describe('setup-distribution on DynamoDB Local', () => {
  it('with --analyze reports the plan and writes nothing', async () => {
    const outDir = newOutDir()
    const { result, text } = await distribute({
      analyze: true,
      instances: 2,
      outDir,
    })
    assert.equal(result.outcome, 'analyzed')
    assert.equal(existsSync(outDir), false)
    assert.deepEqual(await instanceCustomers('1'), [])
    assert.deepEqual(await instanceCustomers('2'), [])
    assert.match(
      text,
      /Customer Distribution Analysis\n={70}\nTotal customers: 4\nTotal uploads: 15\nTotal spaces: 6\nAverage uploads\/customer: 4\n/
    )
    assert.match(
      text,
      /Instance 1:\n {2}Customers: 1\n {2}Uploads: 8 \(53\.3%\)\n {2}Spaces: 3\n/
    )
    assert.match(text, /Analysis only: nothing was written/)
  })

  it('with --instances 2 writes instance files and migration-customers rows', async () => {
    const outDir = newOutDir()
    const { result, text } = await distribute({
      instances: 2,
      yes: true,
      outDir,
    })
    assert.equal(result.outcome, 'written', text)
    assert.deepEqual(
      result.plan?.map((i) => [i.instance, i.customers, i.uploads, i.spaces]),
      [
        [1, [ALICE], 8, 3],
        [2, [BOB, CAROL, EVE], 7, 3],
      ]
    )
    assert.deepEqual(readdirSync(outDir).sort(), [
      instanceFileName(1, ENV),
      instanceFileName(2, ENV),
    ])
    const first = readCustomersFile(join(outDir, instanceFileName(1, ENV)))
    assert.deepEqual(first, { customers: [ALICE], instanceId: '1' })
    const second = readCustomersFile(join(outDir, instanceFileName(2, ENV)))
    assert.deepEqual(second, { customers: [BOB, CAROL, EVE], instanceId: '2' })

    const alice = await tables.migrationCustomers.get(ALICE)
    assert.equal(alice?.instanceId, '1')
    assert.equal(alice?.status, 'pending')
    assert.equal(alice?.totalUploads, 8)
    assert.equal(alice?.totalSpaces, 3)
    assert.equal(alice?.filter, undefined)
    assert.equal((await tables.migrationCustomers.get(EVE))?.totalUploads, 0)
    assert.equal(await tables.migrationCustomers.get(CI), undefined)
    assert.deepEqual(await instanceCustomers('1'), [ALICE])
    assert.deepEqual(await instanceCustomers('2'), [BOB, CAROL, EVE])
    assert.equal(result.assigned, 4)
    assert.equal(
      existsSync(join(outDir, `counting-checkpoint-${ENV}.json`)),
      false
    )
    assert.match(text, /migrate --instance 2/)
  })

  it('keeps completed customers, replaces stale files and warns of stale rows', async () => {
    const outDir = newOutDir()
    await distribute({ instances: 3, yes: true, outDir })
    await tables.migrationCustomers.update(ALICE, { status: 'completed' })
    const { result, text } = await distribute({
      instances: 1,
      filter: 'big.com,mid.com',
      yes: true,
      outDir,
    })
    assert.deepEqual(result.keptCompleted, [ALICE])
    assert.equal(
      (await tables.migrationCustomers.get(ALICE))?.status,
      'completed'
    )
    const bob = await tables.migrationCustomers.get(BOB)
    assert.equal(bob?.instanceId, '1')
    assert.equal(bob?.filter, 'big.com,mid.com')
    assert.deepEqual(readdirSync(outDir), [instanceFileName(1, ENV)])
    assert.equal(result.removedFiles.length, 2)
    assert.equal(result.stale?.count, 2)
    assert.match(text, /Warning: 2 customers not in this plan/)
  })

  it('resumes an interrupted count from its checkpoint', async () => {
    const outDir = newOutDir()
    // Counting fails on the first call after two customers are fully counted.
    const counted = new Set<string>()
    const complete = () =>
      Object.entries(SEED).filter(([, spaces]) =>
        Object.keys(spaces).every((space) => counted.has(space))
      ).length
    const failing: DistributionTables = {
      ...tables,
      upload: {
        async count(space) {
          if (complete() >= 2) throw new Error('connection lost')
          counted.add(space)
          return tables.upload.count(space)
        },
      },
    }
    const error = await distribute(
      { instances: 2, yes: true, outDir },
      { tables: failing }
    ).catch((err: unknown) => err)
    assert.ok(error instanceof CountingStopped, String(error))
    assert.equal(error.counted, 2)
    const read = await new CheckpointFile(outDir, ENV).read()
    assert.equal(read.kind, 'loaded')
    const saved = read.kind === 'loaded' ? [...read.counts.values()] : []
    assert.equal(saved.length, 2)
    for (const c of saved)
      assert.equal(c.uploads, sum(Object.values(SEED[c.customer] ?? {})))

    let calls = 0
    const counting: DistributionTables = {
      ...tables,
      upload: {
        count: (space) => {
          calls++
          return tables.upload.count(space)
        },
      },
    }
    const { result, text } = await distribute(
      { instances: 2, yes: true, outDir },
      { tables: counting }
    )
    assert.equal(result.resumed, 2)
    assert.equal(
      calls,
      COUNTED_SPACES - saved.reduce((sum, c) => sum + c.scanned, 0)
    )
    assert.match(
      text,
      /Resuming from .*counting-checkpoint-local\.json: 2 customers/
    )
    assert.equal(result.totals?.uploads, 15)
    assert.equal(
      existsSync(join(outDir, `counting-checkpoint-${ENV}.json`)),
      false
    )
  })
})
