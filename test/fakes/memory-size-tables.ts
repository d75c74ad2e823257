import type {
  ShardSizeTable,
  ShardSizeTables,
} from '../../src/migration/ports.js'

/** One shard-size table in memory: sizes by space and key; counts its calls. */
export class MemoryShardSizeTable implements ShardSizeTable {
  readonly sizes = new Map<string, number>()
  calls = 0

  put(space: string, key: string, size: number) {
    this.sizes.set(`${space} ${key}`, size)
  }

  async getSizes(space: string, keys: readonly string[]) {
    this.calls++
    const found = new Map<string, number>()
    for (const key of keys) {
      const size = this.sizes.get(`${space} ${key}`)
      if (size !== undefined) found.set(key, size)
    }
    return found
  }
}

export const memorySizeTables = (): ShardSizeTables & {
  allocation: MemoryShardSizeTable
  store: MemoryShardSizeTable
} => ({
  allocation: new MemoryShardSizeTable(),
  store: new MemoryShardSizeTable(),
})
