export {
  type RollbackArgs,
  rollbackCommand,
  rollbackFlags,
  rollbackHandler,
  toRollbackOptions,
} from './command.js'
export {
  addSpaceToPlan,
  emptyRollbackPlan,
  needsRollback,
  rolledBackRow,
  type RollbackPlan,
  type SpaceRollback,
  spaceRollback,
} from './plan.js'
export {
  renderRollbackPlan,
  renderRollbackResult,
  type Revoker,
  type RollbackFailure,
  type RollbackResult,
  WHAT_STAYS,
} from './render.js'
export {
  applyRollback,
  planRollback,
  type RollbackDeps,
  type RollbackOptions,
  type RollbackRuntime,
  rollbackScope,
  runRollback,
  unattendedRollbackProblem,
} from './run-rollback.js'
