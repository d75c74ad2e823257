export {
  type AdminTables,
  adminTables,
  type FailureRow,
} from './admin-tables.js'
export {
  addCustomer,
  collectStats,
  countCustomers,
  type CustomerCounts,
  emptyCustomerCounts,
  percentOf,
  type Stats,
  statsJson,
  tallyProgress,
} from './aggregate.js'
export {
  type StatsArgs,
  statsCommand,
  statsFlags,
  statsHandler,
  toStatsOptions,
} from './command.js'
export { InvalidOptions, type Output } from './output.js'
export { renderStats } from './render.js'
export { runStats, type StatsOptions, statsScope } from './run-stats.js'
export {
  describeScope,
  instanceCustomers,
  plannedCustomers,
  type Scope,
  type ScopeFlags,
  scopeOf,
  type ScopeRows,
  scopeRows,
  type ScopeRules,
} from './scope.js'
