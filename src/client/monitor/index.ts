export { monitorCommand, monitorFlags, monitorHandler } from './command.js'
export type { MonitorArgs } from './command.js'
export { loadView } from './load-view.js'
export { type MonitorTables, monitorTables } from './monitor-tables.js'
export {
  DEFAULT_INTERVAL_SECONDS,
  DEFAULT_STUCK_MINUTES,
  type MonitorOptions,
  optionsProblem,
  selectView,
  type ViewRequest,
} from './options.js'
export * from './render/index.js'
export { type MonitorRuntime, runMonitor } from './run-monitor.js'
export { type Group, summarize, type Summary } from './summarize.js'
export type * from './views.js'
export { watch, type WatchOptions } from './watch.js'
