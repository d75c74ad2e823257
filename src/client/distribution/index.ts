export { balance, byUploadsDescending, loadSpread } from './balance.js'
export {
  type CheckpointRead,
  CheckpointFile,
  checkpointFileName,
  type CountingCheckpoint,
} from './checkpoint.js'
export {
  type SetupDistributionArgs,
  setupDistributionCommand,
  setupDistributionFlags,
  setupDistributionHandler,
  toDistributionOptions,
} from './command.js'
export {
  countCustomers,
  type CountOptions,
  type CountProgress,
  CountingStopped,
  DEFAULT_CHECKPOINT_EVERY,
  DEFAULT_COUNT_CONCURRENCY,
} from './count.js'
export {
  exclusionOf,
  type Exclusion,
  isSkipped,
  matchesFilter,
  parseFilter,
  SKIP_LIST,
} from './customer-filter.js'
export {
  DEFAULT_UPLOADS_PER_MINUTE,
  describeRate,
  type EstimateSettings,
  estimateMinutes,
  type Rate,
  rateOf,
} from './estimate.js'
export {
  CustomersFileError,
  type InstanceFile,
  instanceFileName,
  readCustomersFile,
} from '../shared/instance-file.js'
export {
  DEFAULTS,
  type DistributionOptions,
  DistributionInputError,
  MAX_PARALLEL_SEGMENTS,
  optionsProblem,
  resolveOptions,
  type ResolvedOptions,
} from './options.js'
export { limiter, runPool } from './pool.js'
export { perSecond, startProgress } from './render/progress.js'
export {
  renderAnalysis,
  renderInstances,
  renderLoadBalance,
  renderTimeEstimate,
  renderTopCustomers,
  renderUploadDistribution,
  RULE,
  UPLOAD_BUCKETS,
} from './render/report.js'
export { textView } from './render/text-view.js'
export { isRetryable, type RetryOptions, withRetry } from './retry.js'
export {
  type DistributionDeps,
  type DistributionResult,
  type DistributionTuning,
  distribute,
  runSetupDistribution,
} from './run.js'
export { scanCustomers, type ScanOptions, type ScanResult } from './scan.js'
export { type DistributionTotals, totalsOf } from './totals.js'
export type * from './types.js'
export type * from './view.js'
export {
  assignCustomers,
  findStaleAssignments,
  instanceFileOf,
  instanceNumberOf,
  type StaleAssignments,
  writeInstanceFiles,
} from './write.js'
