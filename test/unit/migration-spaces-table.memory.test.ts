import { describe, it } from 'node:test'
import { migrationSpacesTableContract } from '../contracts/migration-spaces-table.js'
import { MemoryMigrationSpacesTable } from '../fakes/memory-migration-spaces-table.js'

describe('in-memory migration-spaces table (contract)', () => {
  for (const [behaviour, check] of Object.entries(migrationSpacesTableContract))
    it(behaviour, () => check(new MemoryMigrationSpacesTable()))
})
