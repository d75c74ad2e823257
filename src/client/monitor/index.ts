export { monitorCommand, monitorFlags, monitorHandler } from './command.js'
export type { MonitorArgs } from './command.js'
export { countReasons, type FailedUploads } from './failed-uploads.js'
export { loadView } from './load-view.js'
export {
  type FailureReasonRow,
  type MonitorTables,
  monitorTables,
} from './monitor-tables.js'
export {
  DEFAULT_INTERVAL_SECONDS,
  DEFAULT_STUCK_MINUTES,
  type MonitorOptions,
  optionsProblem,
  selectView,
  type ViewRequest,
} from './options.js'
export * from './render/index.js'
export {
  InvalidMonitorOptions,
  type MonitorOutput,
  type MonitorRuntime,
  runMonitor,
} from './run-monitor.js'
export { type Group, summarize, type Summary } from './summarize.js'
export { emptyTally, type Tally, tallyOf } from './tally.js'
export type * from './views.js'
export { watch, type WatchOptions } from './watch.js'
