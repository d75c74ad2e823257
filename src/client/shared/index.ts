export {
  type AdminTables,
  adminTables,
  withAdminTables,
} from './admin-tables.js'
export { confirm } from './confirm.js'
export {
  countReasons,
  type FailedUploads,
  NO_FAILED_UPLOADS,
  type ReasonCount,
} from './failed-uploads.js'
export * from './format.js'
export {
  GatewayFailureCounter,
  type GatewayFailedSpaces,
  gatewayFailuresOf,
  type GatewayRow,
} from './gateway-failures.js'
export {
  CustomersFileError,
  type InstanceFile,
  instanceFileName,
  readCustomersFile,
} from './instance-file.js'
export { InvalidOptions, type Output, rejectFlags } from './output.js'
export { collectPages, filterPages, tapPages } from './pages.js'
export { ReasonCounter, type ReasonCounts } from './reason-counts.js'
export {
  bar,
  duration,
  type ProgressSample,
  progressLine,
} from './progress-line.js'
export { etaOf, RATE_WINDOW_MS, RateTracker, rateOf } from './rate.js'
export {
  CUSTOMER_PAGE,
  customersOfScope,
  instanceCustomers,
  plannedCustomers,
  type ScopeRows,
  scopeRows,
} from './scope-rows.js'
export {
  customerSpaces,
  type ScopeSize,
  sizeOfScope,
  type SizeTables,
  spacesOfScope,
} from './scope-size.js'
export {
  describeScope,
  type Scope,
  type ScopeFlags,
  scopeOf,
  type ScopeRules,
} from './scope.js'
export {
  addToTally,
  emptyTally,
  type SpaceCounts,
  type Tally,
  type TalliedRow,
  tallyOf,
  type UploadCounts,
} from './tally.js'
export { connectClient, workflowLink } from './temporal-client.js'
