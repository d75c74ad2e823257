export {
  startGateway,
  SERVABLE_PATH,
  type Gateway,
  type GatewayOptions,
  type IsServable,
  type Servability,
} from './gateway.js'
export { didKeysOf, type DidKeys, type WebDid } from './did-resolver.js'
export { transportHttp, type ServeCheck } from './serve-authorization.js'
export { DelegationBlockNotFound, InvalidDelegation } from './errors.js'
