import type { TemporalConfig } from '../../config/types.js'
import { formatCount } from '../shared/format.js'
import type { ScopeSize } from '../shared/scope-size.js'
import { workflowLink } from '../shared/temporal-client.js'
import type { MigrationPlan } from './plan.js'
import type { Started } from './start.js'

/** What `migrate` is about to start: mode, scope, tuning and workflow ID. */
export function renderPlan(
  plan: MigrationPlan,
  workflowId: string,
  env: string
): string {
  const { scope } = plan
  const what =
    scope.kind === 'space'
      ? `space ${scope.space}${scope.root ? ` upload ${scope.root}` : ''}`
      : scope.kind === 'customer'
        ? `customer ${scope.customer}`
        : `instance ${scope.instanceId} (${scope.source.kind === 'list' ? `${scope.source.customers.length} customers listed` : scope.source.kind === 'instance' ? `customers assigned to instance ${scope.source.instanceId}` : 'every planned customer'})`
  return [
    `migration (${env}): ${plan.mode}${plan.onlyFailed ? ', failed uploads only' : ''}${plan.recheck ? ', completed spaces rechecked' : ''}${budgetText(plan)} of ${what}${plan.limit ? `, at most ${formatCount(plan.limit)} uploads` : ''}`,
    `tuning: ${plan.tuning.uploadConcurrency} uploads at once per page of ${plan.tuning.pageSize}, ${plan.tuning.spaceConcurrency} spaces per customer, ${plan.tuning.customerConcurrency} customers per instance`,
    `workflow: ${workflowId}`,
  ].join('\n')
}

const BASIS = {
  counted: 'counted',
  planned: 'as planned by setup-distribution (migration-customers)',
} as const

/** The `--dry-run` line: what the scope holds and how that was found. */
export function renderScopeSize(size: ScopeSize | 'one upload'): string {
  if (size === 'one upload') return 'scope: 1 spaces, 1 uploads (one upload)'
  const counts = [
    size.customers !== undefined && `${formatCount(size.customers)} customers`,
    `${formatCount(size.spaces)} spaces`,
    `${formatCount(size.uploads)} uploads`,
  ].filter(Boolean)
  return `scope: ${counts.join(', ')} (${BASIS[size.basis]})`
}

/** Which workflow runs now, where to see it, and how to follow it. */
export function renderStarted(
  started: Pick<Started, 'attached' | 'workflowType' | 'workflowId'>,
  temporal: TemporalConfig
): string {
  const link = workflowLink(temporal, started.workflowId)
  return [
    `${started.attached ? 'attached to running' : 'started'} ${started.workflowType} ${started.workflowId}`,
    ...(link ? [`Web UI: ${link}`] : []),
    `follow: temporal workflow describe --namespace ${temporal.namespace} --workflow-id '${started.workflowId}'`,
  ].join('\n')
}

/** The result of a followed migration. */
export const renderFinished = (result: {
  status?: string
  processed?: number
  failed?: number
}): string =>
  `finished: ${result.status}, ${formatCount(result.processed ?? 0)} uploads processed, ${formatCount(result.failed ?? 0)} failed`

function budgetText({ failureBudget: budget }: MigrationPlan): string {
  if (!budget) return ''
  const limits = [
    budget.maxFailurePercent === undefined
      ? undefined
      : `${budget.maxFailurePercent}% failed`,
    budget.maxFailures === undefined
      ? undefined
      : `${budget.maxFailures} failed`,
  ].filter(Boolean)
  return `, pausing past ${limits.join(' or ')}`
}
