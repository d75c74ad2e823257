export {
  type ResetArgs,
  resetCommand,
  resetFlags,
  resetHandler,
  toResetOptions,
} from './command.js'
export {
  addCustomerToPreview,
  addSpaceToPreview,
  type CustomerLine,
  customerNeedsReset,
  customerReset,
  emptyPreview,
  LIST_LIMIT,
  progressNeedsReset,
  RESET_CUSTOMER,
  RESET_PROGRESS,
  type ResetPreview,
  type SpaceLine,
  type StatusCounts,
} from './plan.js'
export { renderPreview, renderResult, type ResetResult } from './render.js'
export {
  applyReset,
  previewReset,
  type ResetOptions,
  type ResetRuntime,
  resetScope,
  runReset,
  unattendedProblem,
} from './run-reset.js'
