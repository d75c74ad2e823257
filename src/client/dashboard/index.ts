export { dashboardCommand, dashboardFlags } from './command.js'
export { type DashboardTables, dashboardTables } from './dashboard-tables.js'
export {
  DEFAULT_HOST,
  DEFAULT_INTERVAL_SECONDS,
  DEFAULT_PORT,
  type DashboardOptions,
  optionsProblem,
} from './options.js'
export { type DashboardTarget, startDashboard } from './start-dashboard.js'
export type { RunningServer } from './server.js'
export type * from './state.js'
