import { type MetricMeter, noopMetricMeter } from '@temporalio/common'
import type { FailureReason } from '../failures/index.js'
import { METRICS } from './catalog.js'

export type UploadOutcomeLabel = 'migrated' | 'already_migrated' | 'failed'
export type PageOutcome = 'ok' | 'failed' | 'cancelled'
export type RequestOutcome =
  | 'ok'
  | 'client_error'
  | 'throttled'
  | 'server_error'
  | 'timeout'
  | 'network_error'
  | 'aborted'

/** What the worker's parts record; each call is a few microseconds (one native call). */
export interface MigrationMetrics {
  upload(outcome: UploadOutcomeLabel, reason?: FailureReason): void
  pagesInFlight(activity: string, pages: number): void
  page(activity: string, outcome: PageOutcome, seconds: number): void
  request(service: string, outcome: RequestOutcome, seconds: number): void
  rateLimitWait(service: string, seconds: number): void
  breaker(service: string, open: boolean): void
  breakerOpened(service: string): void
  refused(service: string): void
}

/**
 * The metrics over a Temporal metric meter (`Runtime.instance().metricMeter`), so that they are
 * served by the SDK's own Prometheus exporter on `--metrics-port`, one endpoint per process. Without
 * an exporter the runtime's meter is a no-op and so is every call.
 */
export function createMigrationMetrics(
  meter: MetricMeter = noopMetricMeter
): MigrationMetrics {
  const counter = (m: { name: string; help: string }) =>
    meter.createCounter(m.name, '', m.help)
  const histogram = (m: { name: string; help: string }) =>
    meter.createHistogram(m.name, 'float', 's', m.help)
  const gauge = (m: { name: string; help: string }) =>
    meter.createGauge(m.name, 'int', '', m.help)
  const uploads = counter(METRICS.uploads)
  const failures = counter(METRICS.uploadFailures)
  const inFlight = gauge(METRICS.pagesInFlight)
  const pages = counter(METRICS.pages)
  const pageDuration = histogram(METRICS.pageDuration)
  const requests = counter(METRICS.requests)
  const requestDuration = histogram(METRICS.requestDuration)
  const waits = histogram(METRICS.rateLimitWait)
  const open = gauge(METRICS.breakerOpen)
  const opens = counter(METRICS.breakerOpens)
  const refusals = counter(METRICS.refusals)
  // Every outcome's series from the start, so that a failure ratio is 0, not missing.
  for (const outcome of ['migrated', 'already_migrated', 'failed'] as const)
    uploads.add(0, { outcome })
  return {
    upload(outcome, reason) {
      uploads.add(1, { outcome })
      if (outcome === 'failed')
        failures.add(1, { reason: reason ?? 'UNKNOWN_ERROR' })
    },
    pagesInFlight: (activity, n) => inFlight.set(n, { activity }),
    page(activity, outcome, seconds) {
      pages.add(1, { activity, outcome })
      pageDuration.record(seconds, { activity })
    },
    request(service, outcome, seconds) {
      requests.add(1, { service, outcome })
      requestDuration.record(seconds, { service })
    },
    rateLimitWait: (service, seconds) => waits.record(seconds, { service }),
    breaker: (service, isOpen) => open.set(isOpen ? 1 : 0, { service }),
    breakerOpened: (service) => opens.add(1, { service }),
    refused: (service) => refusals.add(1, { service }),
  }
}

/** Metrics that record nothing: the default of every part that takes metrics. */
export const NO_METRICS: MigrationMetrics = createMigrationMetrics()
