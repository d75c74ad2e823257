import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { CodeAccess, type DynamoAccess } from '../../src/deploy/code-access.js'
import { DYNAMODB_ACTIONS } from '../../src/deploy/iam-actions.js'
import {
  ENTRY_POINTS,
  OPERATOR,
  PLAN_ACTIONS,
  WORKER,
} from '../../src/deploy/roles.js'
import {
  deployFiles,
  LEGACY_TABLES,
  logicalId,
  MIGRATION_TABLES,
  parameters,
  queueArn,
  template,
} from '../../src/deploy/template.js'
import { TABLES } from '../../src/services/dynamo/tables.js'

const root = join(import.meta.dirname, '..', '..')
const code = new CodeAccess(root, { entryPoints: ENTRY_POINTS })
const generated = template(code)
const worker = code.dynamo(WORKER.entryPoints)
const operator = code.dynamo(OPERATOR.entryPoints)

type Json = Record<string, unknown>
const resources = generated.Resources as Record<string, Json>
const properties = (id: string) => resources[id]?.Properties as Json
const statements = (policy: string) =>
  (
    (properties(policy).PolicyDocument as Json).Statement as {
      Sid: string
      Action: string[]
      Resource: unknown
    }[]
  ).map((s) => ({ ...s, resource: JSON.stringify(s.Resource) }))

const actions = (access: DynamoAccess, table: string) =>
  [...(access.get(table as never)?.keys() ?? [])].sort()

describe('deploy/: the CloudFormation stack of the migration tables and policies', () => {
  it('is committed exactly as the code generates it (npm run deploy:template)', () => {
    for (const [path, text] of Object.entries(deployFiles(code)))
      assert.equal(
        readFileSync(join(root, path), 'utf8'),
        text,
        `${path} is stale: run npm run deploy:template`
      )
    // deploy/'s own files are all generated; its folders (systemd/) are written by hand.
    assert.deepEqual(
      readdirSync(join(root, 'deploy'), { withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => entry.name)
        .sort(),
      Object.keys(deployFiles(code))
        .map((path) => path.replace('deploy/', ''))
        .sort()
    )
  })

  it('creates the four migration tables and no w3infra table', () => {
    const tableIds = Object.entries(resources)
      .filter(([, r]) => r.Type === 'AWS::DynamoDB::Table')
      .map(([id]) => id)
    assert.deepEqual(tableIds, [
      'MigrationSpacesTable',
      'MigrationProgressTable',
      'MigrationCustomersTable',
      'MigrationFailuresTable',
    ])
    assert.deepEqual(LEGACY_TABLES, [
      'upload',
      'allocation',
      'store',
      'consumer',
      'subscription',
      'delegation',
    ])
    assert.deepEqual(
      Object.keys(resources).sort(),
      [...tableIds, 'OperatorPolicy', 'WorkerPolicy'].sort()
    )
  })

  it('gives each table the keys and GSIs of tables.ts, on demand, with recovery and retention', () => {
    for (const key of MIGRATION_TABLES) {
      const schema = TABLES[key]
      const resource = resources[logicalId(key)] as Json
      const p = properties(logicalId(key))
      assert.equal(resource.DeletionPolicy, 'Retain')
      assert.equal(resource.UpdateReplacePolicy, 'Retain')
      assert.equal(p.BillingMode, 'PAY_PER_REQUEST')
      assert.equal(p.DeletionProtectionEnabled, true)
      assert.deepEqual(p.PointInTimeRecoverySpecification, {
        PointInTimeRecoveryEnabled: true,
      })
      const keys = (pk: string, sk?: string) => [
        { AttributeName: pk, KeyType: 'HASH' },
        ...(sk ? [{ AttributeName: sk, KeyType: 'RANGE' }] : []),
      ]
      assert.deepEqual(p.KeySchema, keys(schema.partitionKey, schema.sortKey))
      assert.deepEqual(
        ((p.GlobalSecondaryIndexes ?? []) as Json[]).map((i) => [
          i.IndexName,
          i.KeySchema,
          i.Projection,
        ]),
        Object.entries(schema.indexes ?? {}).map(([name, i]) => [
          name,
          keys(i.partitionKey, i.sortKey),
          { ProjectionType: i.keysOnly ? 'KEYS_ONLY' : 'ALL' },
        ])
      )
    }
    // What the original tool never created.
    const customers = properties('MigrationCustomersTable')
    assert.ok(
      (customers.GlobalSecondaryIndexes as Json[]).some(
        (i) => i.IndexName === 'instance-index'
      )
    )
  })

  it('names the tables per environment as the configuration does', () => {
    const value = (env: 'production' | 'staging', key: string) =>
      parameters(env).find((p) => p.ParameterKey === key)?.ParameterValue
    assert.equal(value('production', 'TablePrefix'), 'prod')
    assert.equal(value('staging', 'TablePrefix'), 'staging')
    assert.equal(value('production', 'UploadTableName'), 'prod-w3infra-upload')
    assert.equal(
      queueArn(
        'https://sqs.us-west-2.amazonaws.com/505595374361/prod-storage-ipni-publisher.fifo'
      ),
      'arn:aws:sqs:us-west-2:505595374361:prod-storage-ipni-publisher.fifo'
    )
  })
})

describe('IAM policies derived from the code', () => {
  it('give each role exactly the DynamoDB actions its code sends, table by table', () => {
    for (const [role, access, extra] of [
      [WORKER, worker, []],
      [OPERATOR, operator, PLAN_ACTIONS],
    ] as const) {
      const granted = statements(role.policy)
      for (const key of [...MIGRATION_TABLES, ...LEGACY_TABLES]) {
        const arn = key.startsWith('migration')
          ? logicalId(key)
          : `\${${key[0]?.toUpperCase()}${key.slice(1)}TableName}`
        const inPolicy = granted
          .filter((s) => s.resource.includes(arn))
          .flatMap((s) => s.Action)
        assert.deepEqual(
          [...new Set(inPolicy)].sort(),
          [...new Set([...actions(access, key), ...extra])].sort(),
          `${role.policy} on ${key}`
        )
      }
    }
  })

  it('query only indexes that tables.ts defines, so the stack and --plan have them all', () => {
    for (const access of [worker, operator])
      for (const [table, tableAccess] of access)
        for (const [action, targets] of tableAccess)
          for (const index of targets)
            if (index !== '')
              assert.ok(
                index in (TABLES[table].indexes ?? {}),
                `${action} on ${table} index ${index}`
              )
    assert.ok(actions(worker, 'migrationCustomers').includes('dynamodb:Query'))
    assert.deepEqual(
      [...(worker.get('migrationCustomers')?.get('dynamodb:Query') ?? [])],
      ['instance-index']
    )
  })

  it('grant nothing that the adapter files of a table cannot send (a plain scan of their sources)', () => {
    const dynamoDir = join(root, 'src', 'services', 'dynamo')
    const read = (file: string) => readFileSync(join(dynamoDir, file), 'utf8')
    const commandsIn = (text: string) =>
      [...text.matchAll(/new (\w+Command)\(/g)].map((m) => m[1] as string)
    // The helpers by name, each with the commands its file sends (one file, one concern).
    const helperFiles = ['paginate.ts', 'conditional-put.ts', 'update-item.ts']
    const helpers = new Map<string, string[]>()
    for (const file of helperFiles) {
      const text = read(file)
      for (const m of text.matchAll(/export (?:async )?function\*? (\w+)/g)) {
        const body = text.slice(m.index, text.indexOf('\n}\n', m.index))
        helpers.set(m[1] as string, [
          ...commandsIn(body),
          // queryPages, queryCursorPage go through queryPage.
          ...(/queryPage\(/.test(body) ? ['QueryCommand'] : []),
        ])
      }
    }
    const adapterFile: Record<string, string> = {
      upload: 'upload-table.ts',
      allocation: 'shard-size-tables.ts',
      store: 'shard-size-tables.ts',
      consumer: 'consumer-table.ts',
      subscription: 'subscription-table.ts',
      delegation: 'delegation-table.ts',
      migrationSpaces: 'migration-spaces-table.ts',
      migrationProgress: 'migration-progress-table.ts',
      migrationCustomers: 'migration-customers-table.ts',
      migrationFailures: 'migration-failures-table.ts',
    }
    // monitor and stats scan migration-failures themselves (projected scans).
    const clientScans: Record<string, string[]> = {
      migrationFailures: ['ScanCommand'],
    }
    for (const [table, file] of Object.entries(adapterFile)) {
      const text = read(file)
      const possible = new Set(
        [
          ...commandsIn(text),
          ...[...helpers].flatMap(([name, commands]) =>
            new RegExp(`\\b${name}\\(`).test(text) ? commands : []
          ),
          ...(clientScans[table] ?? []),
        ].map((command) => DYNAMODB_ACTIONS[command])
      )
      for (const access of [worker, operator])
        for (const action of actions(access, table))
          assert.ok(possible.has(action), `${action} on ${table}`)
    }
  })

  it('keep the worker off what only the operator does, and the operator off S3, SQS and writes to w3infra', () => {
    assert.ok(!actions(worker, 'consumer').includes('dynamodb:Scan'))
    assert.ok(!actions(worker, 'migrationFailures').includes('dynamodb:Scan'))
    for (const table of LEGACY_TABLES)
      for (const action of actions(operator, table))
        assert.ok(
          [
            'dynamodb:Query',
            'dynamodb:Scan',
            'dynamodb:GetItem',
            'dynamodb:BatchGetItem',
          ].includes(action),
          `${action} on ${table}`
        )
    const operatorActions = statements(OPERATOR.policy).flatMap((s) => s.Action)
    assert.ok(operatorActions.every((a) => a.startsWith('dynamodb:')))
    assert.ok(!operatorActions.includes('dynamodb:CreateTable'))
    const workerActions = statements(WORKER.policy).flatMap((s) => s.Action)
    assert.ok(!workerActions.some((a) => /Table$/.test(a)))
    assert.ok(workerActions.includes('sqs:SendMessage'))
    // Reads of a possibly missing key need ListBucket to get 404 rather than 403.
    assert.ok(
      statements(WORKER.policy).some(
        (s) =>
          s.Sid === 'ClaimsBucketList' && s.Action.includes('s3:ListBucket')
      )
    )
  })

  it('change when an adapter sends a new command, a role calls another method, or a request names no table', () => {
    const progress = 'src/services/dynamo/migration-progress-table.ts'
    const activity = 'src/activities/space-steps.ts'
    const control = 'src/client/control/command.ts'
    const source = (path: string) => readFileSync(join(root, path), 'utf8')
    const progressText = source(progress)
    const anchor = progressText.indexOf(
      'return {',
      progressText.indexOf('export function useMigrationProgressTable(')
    )
    assert.ok(anchor > 0, 'the progress adapter returns an object literal')
    const mutated = new CodeAccess(root, {
      entryPoints: ENTRY_POINTS,
      reuse: code,
      overrides: {
        [progress]: `import { DeleteCommand as ProbeDelete } from '@aws-sdk/lib-dynamodb'
${progressText.slice(0, anchor)}return {
    async probeDelete(customer: string, space: string) {
      await client.send(new ProbeDelete({ TableName: tableName, Key: { customer, space } }))
    },
${progressText.slice(anchor + 'return {'.length)}`,
        [activity]: `${source(activity)}
import type { MigrationPorts as ProbePorts } from './ports.js'
export async function probe(ports: ProbePorts) {
  await ports.tables.migrationProgress.probeDelete('c', 's')
  for await (const _ of ports.tables.migrationProgress.scanAll()) break
  const { byCustomer } = ports.tables.migrationProgress
  for await (const _ of byCustomer('c')) break
}
`,
        [control]: `${source(control)}
import { scanPages as probeScan } from '../../services/dynamo/paginate.js'
export const probe = (client: never) => probeScan(client, { TableName: 'somewhere' })
`,
      },
    })
    const before = actions(worker, 'migrationProgress')
    const after = actions(
      mutated.dynamo(WORKER.entryPoints),
      'migrationProgress'
    )
    const added = ['dynamodb:DeleteItem', 'dynamodb:Query', 'dynamodb:Scan']
    assert.ok(added.every((action) => !before.includes(action)))
    assert.deepEqual(after, [...before, ...added].sort())
    assert.throws(
      () => mutated.dynamo(OPERATOR.entryPoints),
      /src\/client\/control\/command\.ts:\d+: a DynamoDB request \(ScanCommand\) whose table is not named by a TableNames property/
    )
    // The committed policy lacks what the change needs, so the first test would fail.
    assert.ok(
      !statements(WORKER.policy)
        .filter((s) => s.resource.includes('MigrationProgressTable'))
        .flatMap((s) => s.Action)
        .includes('dynamodb:DeleteItem')
    )
  })
})
