import type { Client } from '@temporalio/client'
import { fairnessKeyOf } from '../../workflows/fairness.js'

/** A rate in requests per second, or `default` to remove the one set. */
export type Rps = number | 'default'

export const TASK_QUEUE_TYPES = ['workflow', 'activity'] as const
export type TaskQueueType = (typeof TASK_QUEUE_TYPES)[number]

/** `temporal.api.enums.v1.TaskQueueType`, without a dependency on the proto package. */
const TYPE_CODES: Record<TaskQueueType, number> = { workflow: 1, activity: 2 }
const SOURCES = ['unspecified', 'api', 'worker', 'system'] as const

/** What `temporal task-queue config set` changes, under its flag names. */
export interface TaskQueueLimits {
  queueRpsLimit?: Rps
  queueRpsLimitReason?: string
  fairnessKeyRpsLimitDefault?: Rps
  fairnessKeyRpsLimitReason?: string
  /** By fairness key: a customer DID is mapped to the key its tasks carry. */
  fairnessKeyWeights?: Record<string, Rps>
}

export interface RateLimitView {
  rps?: number
  reason?: string
  updatedBy?: string
  updatedAt?: string
}

/** The server's settings of one task queue, and the rate it enforces now. */
export interface TaskQueueConfigView {
  taskQueue: string
  type: TaskQueueType
  queueRpsLimit?: RateLimitView
  fairnessKeyRpsLimitDefault?: RateLimitView
  fairnessWeightOverrides: Record<string, number>
  effectiveRps?: number
  /** Where the effective rate comes from: `api` (set here), `worker` or `system`. */
  effectiveSource?: string
}

type Service = Client['workflowService']
type Update = Parameters<Service['updateTaskQueueConfig']>[0]
type RateConfig = NonNullable<
  NonNullable<
    Awaited<ReturnType<Service['describeTaskQueue']>>['config']
  >['queueRateLimit']
>

export const hasLimits = (limits: TaskQueueLimits): boolean =>
  limits.queueRpsLimit !== undefined ||
  limits.fairnessKeyRpsLimitDefault !== undefined ||
  Object.keys(limits.fairnessKeyWeights ?? {}).length > 0

/**
 * Sets the Temporal server's own limits of a task queue (UpdateTaskQueueConfig, as the CLI's
 * `task-queue config set` does): the queue's dispatch rate, which overrides every worker's
 * `maxTaskQueueActivitiesPerSecond`, and the rate and weights per fairness key.
 */
export async function updateTaskQueueConfig(
  client: Client,
  target: { taskQueue: string; type: TaskQueueType },
  limits: TaskQueueLimits
): Promise<TaskQueueConfigView> {
  const weights = Object.entries(limits.fairnessKeyWeights ?? {}).map(
    ([key, weight]) => [fairnessKeyOf(key), weight] as const
  )
  const request: Update = {
    namespace: client.options.namespace,
    identity: client.options.identity,
    taskQueue: target.taskQueue,
    taskQueueType: TYPE_CODES[target.type],
    updateQueueRateLimit: rateUpdate(
      limits.queueRpsLimit,
      limits.queueRpsLimitReason
    ),
    updateFairnessKeyRateLimitDefault: rateUpdate(
      limits.fairnessKeyRpsLimitDefault,
      limits.fairnessKeyRpsLimitReason
    ),
    setFairnessWeightOverrides: Object.fromEntries(
      weights.flatMap(([key, w]) => (w === 'default' ? [] : [[key, w]]))
    ),
    unsetFairnessWeightOverrides: weights
      .filter(([, w]) => w === 'default')
      .map(([key]) => key),
  }
  await client.workflowService.updateTaskQueueConfig(request)
  return readTaskQueueConfig(client, target)
}

/** Unset leaves the setting as it is; `default` removes it (a rate limit update without a rate). */
function rateUpdate(rps: Rps | undefined, reason: string | undefined) {
  if (rps === undefined) return undefined
  return rps === 'default'
    ? { reason: reason ?? '' }
    : { rateLimit: { requestsPerSecond: rps }, reason: reason ?? '' }
}

/** The task queue's configuration as the server reports it (DescribeTaskQueue with its config). */
export async function readTaskQueueConfig(
  client: Client,
  target: { taskQueue: string; type: TaskQueueType }
): Promise<TaskQueueConfigView> {
  const described = await client.workflowService.describeTaskQueue({
    namespace: client.options.namespace,
    taskQueue: { name: target.taskQueue },
    taskQueueType: TYPE_CODES[target.type],
    reportConfig: true,
  })
  const config = described.config
  const effective = described.effectiveRateLimit
  return {
    ...target,
    queueRpsLimit: rateView(config?.queueRateLimit),
    fairnessKeyRpsLimitDefault: rateView(config?.fairnessKeysRateLimitDefault),
    fairnessWeightOverrides: { ...(config?.fairnessWeightOverrides ?? {}) },
    effectiveRps: effective?.requestsPerSecond ?? undefined,
    effectiveSource:
      effective?.rateLimitSource != null
        ? SOURCES[effective.rateLimitSource]
        : undefined,
  }
}

function rateView(config: RateConfig | null | undefined) {
  if (!config?.rateLimit) return undefined
  const time = config.metadata?.updateTime?.seconds
  return {
    rps: config.rateLimit.requestsPerSecond ?? 0,
    reason: config.metadata?.reason || undefined,
    updatedBy: config.metadata?.updateIdentity || undefined,
    updatedAt:
      time != null
        ? new Date(Number(time.toString()) * 1000).toISOString()
        : undefined,
  }
}

/** `12.5` or `default`, as the flags take them. */
export function parseRps(flag: string, value: string): Rps {
  if (value === 'default') return 'default'
  const rps = Number(value)
  if (value.trim() === '' || !Number.isFinite(rps) || rps < 0)
    throw new Error(
      `${flag} ${value}: expected requests per second (≥ 0) or 'default'`
    )
  return rps
}

/** `--fairness-key-weight KEY=WEIGHT` (or `KEY=default`), repeated. */
export function parseWeights(pairs: readonly string[]): Record<string, Rps> {
  const weights: Record<string, Rps> = {}
  for (const pair of pairs) {
    const at = pair.lastIndexOf('=')
    if (at <= 0)
      throw new Error(
        `--fairness-key-weight ${pair}: expected KEY=WEIGHT or KEY=default`
      )
    const weight = parseRps('--fairness-key-weight', pair.slice(at + 1))
    if (weight === 0)
      throw new Error(`--fairness-key-weight ${pair}: a weight must be > 0`)
    weights[pair.slice(0, at)] = weight
  }
  return weights
}
