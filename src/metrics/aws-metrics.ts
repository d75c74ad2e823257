import type { FinalizeRequestMiddleware, MiddlewareStack } from '@smithy/types'
import { isThrottling } from '../failures/index.js'
import type { MigrationMetrics, RequestOutcome } from './migration-metrics.js'
import { statusOutcome } from './metered-fetch.js'

/**
 * Counts and times every HTTP attempt of an AWS SDK client (DynamoDB, S3, SQS) as a request to
 * `service`: the middleware runs inside the SDK's retries, so each attempt is one request, as
 * with `meteredFetch`.
 */
export function meterAwsClient<I extends object, O extends object>(
  stack: MiddlewareStack<I, O>,
  service: string,
  metrics: MigrationMetrics
): void {
  const middleware: FinalizeRequestMiddleware<I, O> =
    (next) => async (args) => {
      const started = performance.now()
      const elapsed = () => (performance.now() - started) / 1000
      try {
        const result = await next(args)
        const status = (result.response as { statusCode?: number }).statusCode
        metrics.request(service, statusOutcome(status ?? 200), elapsed())
        return result
      } catch (err) {
        metrics.request(service, awsOutcome(err), elapsed())
        throw err
      }
    }
  stack.add(middleware, {
    step: 'finalizeRequest',
    priority: 'low',
    name: 'migrationMetrics',
  })
}

function awsOutcome(err: unknown): RequestOutcome {
  const name = err instanceof Error ? err.name : ''
  if (isThrottling(name)) return 'throttled'
  const status = (err as { $metadata?: { httpStatusCode?: number } })?.$metadata
    ?.httpStatusCode
  if (status !== undefined) return statusOutcome(status)
  if (name === 'TimeoutError' || name === 'RequestTimeout') return 'timeout'
  if (name === 'AbortError') return 'aborted'
  return 'network_error'
}
