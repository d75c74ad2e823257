/** Helpers over async pages of rows, the shape every table read returns. */

/** The rows that pass `keep`, page by page. */
export async function* filterPages<R>(
  pages: AsyncIterable<readonly R[]>,
  keep: (row: R) => boolean
): AsyncGenerator<R[]> {
  for await (const page of pages) yield page.filter(keep)
}

/**
 * Every row of the pages, for reads bounded by something other than the table's size (one
 * customer's spaces, the failed or stuck ones); whole-table scans are summarized instead.
 */
export async function collectPages<R>(
  pages: AsyncIterable<readonly R[]>
): Promise<R[]> {
  const rows: R[] = []
  for await (const page of pages) rows.push(...page)
  return rows
}

/** The same pages, with `see` called on each row as it passes: several counts from one scan. */
export async function* tapPages<R>(
  pages: AsyncIterable<readonly R[]>,
  see: (row: R) => void
): AsyncGenerator<readonly R[]> {
  for await (const page of pages) {
    for (const row of page) see(row)
    yield page
  }
}
