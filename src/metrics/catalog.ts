/**
 * Every application metric the worker exports on its `/metrics`, next to the Temporal SDK's own.
 * Labels are bounded sets (services, outcomes, reasons, activity types), never an upload, a space
 * or a customer, so that the number of series stays fixed however large the migration.
 */
export const METRICS = {
  uploads: {
    name: 'migration_uploads_total',
    kind: 'counter',
    labels: ['outcome'],
    help: 'Uploads finished by a page, by outcome (migrated, already_migrated, failed)',
  },
  uploadFailures: {
    name: 'migration_upload_failures_total',
    kind: 'counter',
    labels: ['reason'],
    help: 'Uploads failed for good, by reason code',
  },
  pagesInFlight: {
    name: 'migration_pages_in_flight',
    kind: 'gauge',
    labels: ['activity'],
    help: 'Page activities running in this worker process (a batch of small spaces counts once)',
  },
  pages: {
    name: 'migration_pages_total',
    kind: 'counter',
    labels: ['activity', 'outcome'],
    help: 'Page activities finished, by outcome (ok, failed, cancelled)',
  },
  pageDuration: {
    name: 'migration_page_duration_seconds',
    kind: 'histogram',
    labels: ['activity'],
    help: 'Time one page activity attempt ran',
    buckets: [1, 5, 15, 30, 60, 120, 300, 600, 900],
  },
  requests: {
    name: 'migration_service_requests_total',
    kind: 'counter',
    labels: ['service', 'outcome'],
    help: 'Requests sent to each outside service, by outcome (ok, client_error, throttled, server_error, timeout, network_error, aborted)',
  },
  requestDuration: {
    name: 'migration_service_request_duration_seconds',
    kind: 'histogram',
    labels: ['service'],
    help: 'Time each outside service took to answer a request (to the response headers)',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  },
  rateLimitWait: {
    name: 'migration_rate_limit_wait_seconds',
    kind: 'histogram',
    labels: ['service'],
    help: 'Time a request waited for its service’s --rate-limit token',
    buckets: [0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  },
  breakerOpen: {
    name: 'migration_circuit_breaker_open',
    kind: 'gauge',
    labels: ['service'],
    help: 'Whether the service’s circuit breaker is open (1) or closed (0)',
  },
  breakerOpens: {
    name: 'migration_circuit_breaker_opens_total',
    kind: 'counter',
    labels: ['service'],
    help: 'Times the service’s circuit breaker opened',
  },
  refusals: {
    name: 'migration_service_refusals_total',
    kind: 'counter',
    labels: ['service'],
    help: 'Calls a service refused with ServiceUnavailable (the upload service’s write kill switch)',
  },
} as const satisfies Record<string, MetricDefinition>

export interface MetricDefinition {
  name: string
  kind: 'counter' | 'gauge' | 'histogram'
  labels: readonly string[]
  help: string
  /** Bucket upper bounds, in the metric's unit (histograms only). */
  buckets?: readonly number[]
}

/** The bucket bounds of every histogram, for the Prometheus exporter's options. */
export function histogramBuckets(): Record<string, number[]> {
  const buckets: Record<string, number[]> = {}
  for (const metric of Object.values(METRICS) as MetricDefinition[])
    if (metric.buckets) buckets[metric.name] = [...metric.buckets]
  return buckets
}
