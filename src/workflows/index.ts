export { preflightWorkflow } from './preflight.js'
export { instanceMigrationWorkflow } from './instance.js'
export { customerMigrationWorkflow } from './customer.js'
export { spaceMigrationWorkflow } from './space.js'
