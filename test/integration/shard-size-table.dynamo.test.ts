import { describe, it } from 'node:test'
import { useTables } from '../../src/services/dynamo/index.js'
import { shardSizeTableContract } from '../contracts/shard-size-table.js'
import { freshTables, testStack } from '../helpers/stack.js'

const { client, names } = await freshTables(await testStack())
const tables = useTables(client, names)

describe('DynamoDB shard-size tables (contract)', () => {
  for (const table of ['allocation', 'store'] as const)
    for (const [behaviour, check] of Object.entries(shardSizeTableContract))
      it(`${table}: ${behaviour}`, () => check(tables[table]))
})
