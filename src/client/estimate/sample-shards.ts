import { type SizeTables, spacesOfScope } from '../shared/scope-size.js'
import type { Scope } from '../shared/scope.js'
import { addToSample, emptySample, type ShardSample } from './figures.js'

/** Upload rows read per request when sampling: the migration's default page size. */
export const SAMPLE_PAGE = 100

/**
 * Shards per upload from the first `limit` upload rows of the scope, in table order (spaces in
 * consumer order, uploads by root): reads `listPage` pages and stops as soon as it has enough.
 */
export async function sampleShards(
  tables: SizeTables,
  scope: Scope,
  limit: number
): Promise<ShardSample> {
  const sample = emptySample()
  for await (const page of spacesOfScope(tables, scope))
    for (const space of page) {
      let cursor: string | undefined
      do {
        const left = limit - sample.rows
        if (left <= 0) return sample
        const rows = await tables.upload.listPage(space, {
          cursor,
          limit: Math.min(SAMPLE_PAGE, left),
        })
        for (const upload of rows.uploads)
          addToSample(sample, upload.shards.length)
        cursor = rows.cursor
      } while (cursor)
      if (sample.rows >= limit) return sample
    }
  return sample
}
