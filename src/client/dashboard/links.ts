import type { TemporalConfig } from '../../config/types.js'
import {
  customerWorkflowId,
  instanceWorkflowId,
  type RunScope,
  spaceWorkflowId,
} from '../../workflows/ids.js'
import { workflowLink } from '../shared/temporal-client.js'

/** The Web UI page of each scope's workflow; all undefined when no UI address is configured. */
export interface ScopeLinks {
  instance(instanceId: string): string | undefined
  customer(customer: string): string | undefined
  space(space: string): string | undefined
}

/** Links to the workflows `migrate` starts for a run (environment and mode), by their IDs. */
export function scopeLinks(
  temporal: Pick<TemporalConfig, 'uiUrl' | 'namespace'>,
  run: RunScope
): ScopeLinks {
  return {
    instance: (id) => workflowLink(temporal, instanceWorkflowId(run, id)),
    customer: (c) => workflowLink(temporal, customerWorkflowId(run, c)),
    space: (s) => workflowLink(temporal, spaceWorkflowId(run, s)),
  }
}
