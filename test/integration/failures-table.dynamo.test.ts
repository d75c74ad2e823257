import { describe, it } from 'node:test'
import { useTables } from '../../src/services/dynamo/index.js'
import { failuresTableContract } from '../contracts/failures-table.js'
import { freshTables, testStack } from '../helpers/stack.js'

const { client, names } = await freshTables(await testStack())
const { migrationFailures } = useTables(client, names)

describe('DynamoDB failures table (contract)', () => {
  for (const [behaviour, check] of Object.entries(failuresTableContract))
    it(behaviour, () => check(migrationFailures))
})
