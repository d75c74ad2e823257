/**
 * Fault phases on the sandbox services, and a count of every fault they actually injected (each
 * service's `Faults.decide` is wrapped, so the counts are what requests got, not what was set).
 */
import {
  FAULTS,
  type Fault,
  type FaultSettings,
} from '../../src/sandbox/faults.js'
import {
  type FaultedService,
  type FaultedServiceName,
  faultedServices,
} from '../../src/sandbox/faulted-services.js'
import type { Sandbox } from '../../src/sandbox/sandbox.js'
import type { AwsPhase, AwsPhaseSettings } from './aws-faults.js'

export type FaultKind = Fault | 'latency'
export const FAULT_KINDS: readonly FaultKind[] = [...FAULTS, 'latency']

export interface FaultCount {
  decisions: number
  byKind: Record<FaultKind, number>
}

/** Wraps each service's `decide` to count what it injects; returns the live counts. */
export function countFaults(
  sandbox: Sandbox
): Record<FaultedServiceName, FaultCount> {
  const counts = {} as Record<FaultedServiceName, FaultCount>
  for (const [name, service] of Object.entries(faultedServices(sandbox)) as [
    FaultedServiceName,
    FaultedService,
  ][]) {
    const count: FaultCount = {
      decisions: 0,
      byKind: Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<
        FaultKind,
        number
      >,
    }
    counts[name] = count
    const faults = service.faults
    const decide = faults.decide.bind(faults)
    faults.decide = () => {
      const decision = decide()
      count.decisions++
      if (decision.delayMs > 0) count.byKind.latency++
      if (decision.fault) count.byKind[decision.fault]++
      return decision
    }
  }
  return counts
}

export interface FaultPhase {
  name: string
  settings: Partial<Record<FaultedServiceName, FaultSettings>>
  /** Faults between the workers and DynamoDB, S3 and SQS (see aws-faults.ts). */
  aws?: AwsPhase
}

/** Every kind of fault at once on one service: 5xx, 429 with Retry-After, resets, hangs, latency. */
const busy = (latencyMax: number): FaultSettings => ({
  errorRate: 0.015,
  rateLimitRate: 0.015,
  retryAfterSeconds: 1,
  resetRate: 0.01,
  hangRate: 0.001,
  latencyMs: { min: 0, max: latencyMax },
})

/**
 * The gateway is called once per space (`access/delegate` when the space begins), so it gets
 * high rates, and faults in every phase, to be hit at all.
 */
const gateway = (scale: number): FaultSettings => ({
  errorRate: 0.1 * scale,
  rateLimitRate: 0.1 * scale,
  retryAfterSeconds: 1,
  resetRate: 0.08 * scale,
  hangRate: 0.02 * scale,
  latencyMs: { min: 20, max: 150 },
})

/**
 * Throttling, 5xx and rare hangs from the HTTP fault proxy, latency on every answer and 100 ms
 * windows of TCP resets from toxiproxy. A DynamoDB hang costs the call the client's 15 s request
 * timeout, an S3 or SQS one the worker's 30 s; the SDK then retries (5 attempts in all).
 */
const awsBusy = (latency: number): AwsPhaseSettings => ({
  http: { throttleRate: 0.05, errorRate: 0.04, hangRate: 0.001 },
  latency: { latency, jitter: latency },
  resets: { everyMs: 2_000, windowMs: 100 },
})

const awsMild = (): AwsPhaseSettings => ({
  http: { throttleRate: 0.02, errorRate: 0.015, hangRate: 0.0003 },
  latency: { latency: 3, jitter: 3 },
  resets: { everyMs: 4_000, windowMs: 60 },
})

/**
 * One phase per service, then all of them at once. Rates stay low because a transient fault
 * fails its whole page (which retries from its checkpoint with backoff), and a hang costs its
 * upload the worker's 30 s client timeout.
 */
export const FAULT_PHASES: readonly FaultPhase[] = [
  { name: 'gateway', settings: { gateway: gateway(2.5) } },
  { name: 'indexer', settings: { indexer: busy(40), gateway: gateway(1) } },
  {
    name: 'index worker',
    settings: { indexWorker: busy(60), gateway: gateway(1) },
  },
  {
    name: 'upload service',
    settings: { uploadService: busy(40), gateway: gateway(1) },
  },
  {
    name: 'carpark',
    settings: {
      carpark: {
        errorRate: 0.03,
        rateLimitRate: 0.03,
        retryAfterSeconds: 1,
        resetRate: 0.02,
        hangRate: 0.004,
        latencyMs: { min: 20, max: 200 },
      },
      gateway: gateway(1),
    },
  },
  {
    name: 'dynamodb',
    settings: { gateway: gateway(1) },
    aws: { dynamodb: awsBusy(5) },
  },
  { name: 's3', settings: { gateway: gateway(1) }, aws: { s3: awsBusy(20) } },
  { name: 'sqs', settings: { gateway: gateway(1) }, aws: { sqs: awsBusy(10) } },
  {
    name: 'everything at once',
    settings: {
      indexer: mild(),
      indexWorker: mild(),
      uploadService: mild(),
      carpark: mild(),
      gateway: gateway(1),
    },
    aws: { dynamodb: awsMild(), s3: awsMild(), sqs: awsMild() },
  },
]

function mild(): FaultSettings {
  return {
    errorRate: 0.008,
    rateLimitRate: 0.008,
    retryAfterSeconds: 1,
    resetRate: 0.005,
    hangRate: 0.0005,
    latencyMs: { min: 0, max: 30 },
  }
}

/**
 * Sets each service's faults for the phase (clears the others'). `queueEach` also queues one
 * fault of every kind for a service's next requests, so that every kind is injected at least
 * once however few requests the service gets.
 */
export function applyPhase(
  sandbox: Sandbox,
  phase: FaultPhase | undefined,
  queueEach: readonly FaultedServiceName[] = []
) {
  for (const [name, service] of Object.entries(faultedServices(sandbox)) as [
    FaultedServiceName,
    FaultedService,
  ][]) {
    const settings = phase?.settings[name]
    if (settings) service.faults.set(settings)
    else service.faults.clear()
    if (settings && queueEach.includes(name))
      for (const fault of FAULTS) service.faults.next(fault)
  }
}

export function describeSettings(phase: FaultPhase): string {
  return Object.entries(phase.settings)
    .map(([service, s]) => {
      const parts = [
        s.errorRate ? `5xx ${pct(s.errorRate)}` : '',
        s.rateLimitRate
          ? `429 ${pct(s.rateLimitRate)} (Retry-After ${s.retryAfterSeconds ?? 1}s)`
          : '',
        s.resetRate ? `reset ${pct(s.resetRate)}` : '',
        s.hangRate ? `hang ${pct(s.hangRate)}` : '',
        s.latencyMs !== undefined
          ? `latency ${typeof s.latencyMs === 'number' ? s.latencyMs : `${s.latencyMs.min}-${s.latencyMs.max}`} ms`
          : '',
      ].filter(Boolean)
      return `${service}: ${parts.join(', ')}`
    })
    .join('; ')
}

const pct = (rate: number) => `${+(rate * 100).toFixed(1)}%`
