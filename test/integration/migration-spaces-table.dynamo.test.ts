import { describe, it } from 'node:test'
import { useTables } from '../../src/services/dynamo/index.js'
import { migrationSpacesTableContract } from '../contracts/migration-spaces-table.js'
import { freshTables, testStack } from '../helpers/stack.js'

const { client, names } = await freshTables(await testStack())
const { migrationSpaces } = useTables(client, names)

describe('DynamoDB migration-spaces table (contract)', () => {
  for (const [behaviour, check] of Object.entries(migrationSpacesTableContract))
    it(behaviour, () => check(migrationSpaces))
})
