import type { MigrationMode } from './types.js'

/**
 * Workflow IDs are deterministic by environment, mode and scope, so that starting what already
 * runs attaches to it instead of starting a second copy, and an operator can name any of them.
 */
export const preflightWorkflowId = (env: string, nonce: string) =>
  `migration/${env}/preflight/${nonce}`

export interface RunScope {
  env: string
  mode: MigrationMode
  onlyFailed?: boolean
}

const prefix = ({ env, mode, onlyFailed }: RunScope) =>
  `migration/${env}/${mode}${onlyFailed ? '+failed' : ''}`

export const instanceWorkflowId = (run: RunScope, instance: string) =>
  `${prefix(run)}/instance/${instance}`

export const customerWorkflowId = (run: RunScope, customer: string) =>
  `${prefix(run)}/customer/${customer}`

export const spaceWorkflowId = (run: RunScope, space: string, root?: string) =>
  `${prefix(run)}/space/${space}${root ? `/upload/${root}` : ''}`

/** The space of a space workflow's ID (`…/space/<space>[/upload/<root>]`); undefined for others. */
export function spaceOfWorkflowId(id: string): string | undefined {
  const match = /\/space\/([^/]+)(?:\/upload\/[^/]+)?$/.exec(id)
  return match?.[1]
}

/** The customer of a customer workflow's ID (`…/customer/<customer>`); undefined for others. */
export function customerOfWorkflowId(id: string): string | undefined {
  const match = /\/customer\/([^/]+)$/.exec(id)
  return match?.[1]
}
