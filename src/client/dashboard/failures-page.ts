import type { DashboardTables } from './dashboard-tables.js'
import type { ScopeLinks } from './links.js'
import type { FailuresPage } from './state.js'

export const FAILURES_PER_PAGE = 25

/** One page of the uploads that failed for `reason`, each linked to its space's workflow. */
export async function failuresPage(
  tables: DashboardTables,
  links: ScopeLinks,
  {
    reason,
    cursor,
    limit = FAILURES_PER_PAGE,
  }: { reason: string; cursor?: string; limit?: number }
): Promise<FailuresPage> {
  const page = await tables.migrationFailures.reasonPage(reason, {
    cursor,
    limit,
  })
  return {
    reason,
    failures: page.items.map((failure) => {
      const link = links.space(failure.space)
      return { ...failure, ...(link ? { link } : {}) }
    }),
    ...(page.cursor ? { cursor: page.cursor } : {}),
  }
}
