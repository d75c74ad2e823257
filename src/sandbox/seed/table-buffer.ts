import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { batchPutAll, type Item } from '../../services/dynamo/paginate.js'

/** Collects rows per table and writes them in batches, so memory stays bounded on big worlds. */
export class TableBuffer {
  readonly #rows = new Map<string, Item[]>()
  written = 0

  constructor(
    readonly client: DynamoDBDocumentClient,
    readonly flushAt = 500
  ) {}

  async add(tableName: string, item: Item): Promise<void> {
    const rows = this.#rows.get(tableName) ?? []
    rows.push(item)
    this.#rows.set(tableName, rows)
    if (rows.length >= this.flushAt) await this.#flushTable(tableName)
  }

  async flush(): Promise<void> {
    await Promise.all(
      [...this.#rows.keys()].map((table) => this.#flushTable(table))
    )
  }

  async #flushTable(tableName: string) {
    const rows = this.#rows.get(tableName) ?? []
    this.#rows.set(tableName, [])
    await batchPutAll(this.client, tableName, rows)
    this.written += rows.length
  }
}
