export {
  addCustomer,
  collectStats,
  countCustomers,
  type CustomerCounts,
  emptyCustomerCounts,
  type Stats,
  tallyProgress,
} from './aggregate.js'
export {
  type StatsArgs,
  statsCommand,
  statsFlags,
  statsHandler,
  toStatsOptions,
} from './command.js'
export { percentOf, renderStats, statsJson } from './render.js'
export { runStats, type StatsOptions, statsScope } from './run-stats.js'
