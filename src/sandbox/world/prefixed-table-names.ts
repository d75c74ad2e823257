import type { TableNames } from '../../config/types.js'
import { TABLES } from '../../services/dynamo/index.js'

/** Every table's name under `prefix` (`<prefix>-<table>`), so that worlds never see each other's rows. */
export function prefixedTableNames(prefix: string): TableNames {
  return Object.fromEntries(
    Object.keys(TABLES).map((table) => [table, `${prefix}-${table}`])
  ) as unknown as TableNames
}
