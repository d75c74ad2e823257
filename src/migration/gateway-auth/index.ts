export {
  authorizeGateway,
  type GatewayAuthResult,
} from './authorize-gateway.js'
export { buildGatewayAuthChain, type GatewayAuthChain } from './chain.js'
export { createGatewayAuthDeps } from './create-deps.js'
export { authorizeSpaceOnce } from './authorize-space-once.js'
export type {
  DelegationIndex,
  GatewayAuthDeps,
  GatewayAuthSigners,
} from './deps.js'
export {
  GatewayRejected,
  OwnerDelegationNotFound,
  type NoOwnerReason,
} from './errors.js'
export {
  coversOwnerCapabilities,
  findOwnerDelegation,
  OWNER_CAPABILITIES,
  type OwnerDelegation,
} from './owner-delegation.js'
