export { preflightWorkflow } from './preflight.js'
