import { describe, it } from 'node:test'
import { useTables } from '../../src/services/dynamo/index.js'
import { progressTableContract } from '../contracts/progress-table.js'
import { freshTables, testStack } from '../helpers/stack.js'

const { client, names } = await freshTables(await testStack())
const { migrationProgress } = useTables(client, names)

describe('DynamoDB progress table (contract)', () => {
  for (const [behaviour, check] of Object.entries(progressTableContract))
    it(behaviour, () => check(migrationProgress))
})
