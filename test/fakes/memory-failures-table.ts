import type {
  NewUploadFailure,
  UploadFailure,
} from '../../src/services/dynamo/migration-failures-table.js'
import type { FailuresPort } from '../contracts/failures-table.js'

/** A failed upload's row key, which sorts as DynamoDB sorts the table: by space, then root. */
const keyOf = (space: string, root: string) => JSON.stringify([space, root])

/** The failures table in memory: one row per space and root, attempts counted across records. */
export class MemoryFailuresTable implements FailuresPort {
  readonly rows = new Map<string, UploadFailure>()

  async record(failure: NewUploadFailure): Promise<UploadFailure> {
    const key = keyOf(failure.space, failure.root)
    const previous = this.rows.get(key)
    const defined = Object.fromEntries(
      Object.entries(failure).filter(([, value]) => value !== undefined)
    ) as NewUploadFailure
    const row: UploadFailure = {
      ...previous,
      ...defined,
      attempts: (previous?.attempts ?? 0) + 1,
      failedAt: new Date().toISOString(),
    }
    this.rows.set(key, row)
    return { ...row }
  }

  async clear(space: string, root: string): Promise<void> {
    this.rows.delete(keyOf(space, root))
  }

  async *bySpace(space: string): AsyncGenerator<UploadFailure[]> {
    yield this.ofSpace(space).map((row) => ({ ...row }))
  }

  async rootsBetween(space: string, first: string, last: string) {
    return new Set(
      this.ofSpace(space)
        .map((row) => row.root)
        .filter((root) => root >= first && root <= last)
    )
  }

  /** The cursor is the last root of the page: the next page starts after it, row or no row. */
  async rootsPage(
    space: string,
    { cursor, limit }: { cursor?: string; limit: number }
  ) {
    const after =
      cursor === undefined ? undefined : (JSON.parse(cursor) as string)
    const roots = this.ofSpace(space)
      .map((row) => row.root)
      .filter((root) => after === undefined || root > after)
    const items = roots.slice(0, limit)
    const more = roots.length > limit
    return {
      items,
      cursor: more ? JSON.stringify(items.at(-1)) : undefined,
    }
  }

  async failedSpacesPage(
    customer: string,
    { after, limit }: { after?: string; limit: number }
  ) {
    const spaces = [
      ...new Set(
        [...this.rows.values()]
          .filter((row) => row.customer === customer)
          .map((row) => row.space)
      ),
    ]
      .filter((space) => after === undefined || space > after)
      .sort()
    const items = spaces.slice(0, limit)
    return {
      items,
      cursor: spaces.length > limit ? items.at(-1) : undefined,
    }
  }

  private ofSpace(space: string): UploadFailure[] {
    return [...this.rows.values()]
      .filter((row) => row.space === space)
      .sort((a, b) => (a.root < b.root ? -1 : a.root > b.root ? 1 : 0))
  }
}
