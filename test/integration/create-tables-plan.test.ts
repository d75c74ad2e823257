import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, describe, it } from 'node:test'
import {
  CreateTableCommand,
  DeleteTableCommand,
  type DynamoDBClient,
  ListTablesCommand,
  UpdateTableCommand,
  waitUntilTableNotExists,
} from '@aws-sdk/client-dynamodb'
import { tableEnv } from '../../src/config/table-env.js'
import type { TableNames } from '../../src/config/types.js'
import {
  createDynamoClient,
  createTables,
  TABLES,
} from '../../src/services/dynamo/index.js'
import { planTables } from '../../src/services/dynamo/table-plan.js'
import { createTableInput } from '../../src/services/dynamo/tables.js'
import { spawnTs, watch } from '../helpers/processes.js'
import { testStack } from '../helpers/stack.js'

const stack = await testStack()
const docClient = createDynamoClient({
  region: stack.AWS_REGION ?? 'us-east-1',
  endpoint: stack.DYNAMODB_ENDPOINT,
})
after(() => docClient.destroy())
const client = docClient as unknown as DynamoDBClient

const freshNames = (): TableNames => {
  const prefix = `plan-${randomUUID().slice(0, 8)}`
  return Object.fromEntries(
    Object.keys(TABLES).map((table) => [table, `${prefix}-${table}`])
  ) as unknown as TableNames
}

/** `npm run create-tables -- --plan` on these names; its exit status and output. */
async function plan(names: TableNames) {
  const child = watch(
    spawnTs('scripts/create-tables.ts', ['--plan'], {
      ...process.env,
      ENV_FILE: '/nonexistent/.env',
      STORACHA_ENV: 'local',
      AWS_REGION: stack.AWS_REGION,
      DYNAMODB_ENDPOINT: stack.DYNAMODB_ENDPOINT,
      ...tableEnv(names),
    })
  )
  const code = await child.exit
  return { code, output: child.output() }
}

const tableList = async () =>
  (await client.send(new ListTablesCommand({}))).TableNames?.sort() ?? []

describe('create-tables --plan on DynamoDB Local', () => {
  it('shows every table missing on a fresh prefix, writes nothing, and exits 1', async () => {
    const names = freshNames()
    const before = await tableList()
    const gaps = await planTables(docClient, names)
    assert.deepEqual(
      gaps.map((g) => (g.kind === 'table' ? [g.name, g.indexes] : g)),
      Object.entries(TABLES).map(([table, schema]) => [
        names[table as keyof TableNames],
        Object.keys(schema.indexes ?? {}),
      ])
    )
    const run = await plan(names)
    assert.equal(run.code, 1, run.output)
    assert.equal(
      run.output.match(/^missing table /gm)?.length,
      Object.keys(TABLES).length,
      run.output
    )
    assert.match(
      run.output,
      /missing table plan-\w+-migrationCustomers \(with GSI status-index, instance-index\)/
    )
    assert.deepEqual(await tableList(), before)
  })

  it('shows nothing after create-tables, and exits 0', async () => {
    const names = freshNames()
    await createTables(docClient, names)
    assert.deepEqual(await planTables(docClient, names), [])
    const run = await plan(names)
    assert.equal(run.code, 0, run.output)
    assert.match(run.output, /all 10 tables and their GSIs are there/)
  })

  it('shows exactly a dropped GSI, then exactly a deleted table', async () => {
    const names = freshNames()
    await createTables(docClient, names)
    await client.send(
      new UpdateTableCommand({
        TableName: names.migrationCustomers,
        GlobalSecondaryIndexUpdates: [
          { Delete: { IndexName: 'instance-index' } },
        ],
      })
    )
    assert.deepEqual(await planTables(docClient, names), [
      {
        kind: 'index',
        table: 'migrationCustomers',
        name: names.migrationCustomers,
        index: 'instance-index',
      },
    ])
    let run = await plan(names)
    assert.equal(run.code, 1, run.output)
    assert.deepEqual(
      run.output.split('\n').filter((line) => line.startsWith('missing')),
      [`missing GSI   ${names.migrationCustomers} instance-index`]
    )

    const other = freshNames()
    await createTables(docClient, other)
    await client.send(
      new DeleteTableCommand({ TableName: other.migrationFailures })
    )
    await waitUntilTableNotExists(
      { client, maxWaitTime: 60 },
      { TableName: other.migrationFailures }
    )
    assert.deepEqual(await planTables(docClient, other), [
      {
        kind: 'table',
        table: 'migrationFailures',
        name: other.migrationFailures,
        indexes: ['customer-index', 'customer-space-index'],
      },
    ])
    run = await plan(other)
    assert.equal(run.code, 1, run.output)
    assert.deepEqual(
      run.output.split('\n').filter((line) => line.startsWith('missing')),
      [
        `missing table ${other.migrationFailures} (with GSI customer-index, customer-space-index)`,
      ]
    )
  })

  it('says a table with other keys is wrong, not there', async () => {
    const names = freshNames()
    await createTables(docClient, names)
    await client.send(
      new DeleteTableCommand({ TableName: names.migrationSpaces })
    )
    await waitUntilTableNotExists(
      { client, maxWaitTime: 60 },
      { TableName: names.migrationSpaces }
    )
    // The progress table's layout under the spaces table's name.
    await client.send(
      new CreateTableCommand(
        createTableInput(names.migrationSpaces, TABLES.migrationProgress)
      )
    )
    assert.deepEqual(await planTables(docClient, names), [
      {
        kind: 'keys',
        table: 'migrationSpaces',
        name: names.migrationSpaces,
        expected: 'HASH customer',
        found: 'HASH customer, RANGE space',
      },
    ])
    const run = await plan(names)
    assert.equal(run.code, 1, run.output)
    assert.match(
      run.output,
      /wrong keys +plan-\w+-migrationSpaces: HASH customer, RANGE space, expected HASH customer/
    )
  })

  it('refuses an unknown argument with exit 2', async () => {
    const child = watch(
      spawnTs('scripts/create-tables.ts', ['--plna'], {
        ...process.env,
        ENV_FILE: '/nonexistent/.env',
      })
    )
    assert.equal(await child.exit, 2)
    assert.match(child.output(), /unknown argument --plna/)
  })
})
