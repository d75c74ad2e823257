/**
 * Workflow IDs are deterministic by environment and scope, so that starting what already runs
 * attaches to it instead of starting a second copy.
 */
export const preflightWorkflowId = (env: string, nonce: string) =>
  `migration/${env}/preflight/${nonce}`
