import type { GatewayProgress } from '../ports.js'
import { authorizeGateway, type GatewayAuthPorts } from './authorize-gateway.js'

/**
 * Gateway authorization is per space: done once, recorded on the space's progress row, and
 * skipped on every later upload and run (the original redid it for every upload).
 */
export async function authorizeSpaceOnce(
  deps: GatewayAuthPorts & { progress: GatewayProgress },
  { customer, space }: { customer: string; space: string }
): Promise<{ delegation: string; already: boolean }> {
  const recorded = (await deps.progress.get(customer, space))?.gatewayDelegation
  if (recorded) return { delegation: recorded, already: true }
  const { delegation } = await authorizeGateway(deps, { space })
  await deps.progress.update(customer, space, { gatewayDelegation: delegation })
  return { delegation, already: false }
}
