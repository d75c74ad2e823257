/**
 * Fault phases on the AWS side: the HTTP fault proxies' rates (throttling, 5xx, hangs) and
 * toxiproxy's toxics (latency for the whole phase, resets in short pulses) on DynamoDB, S3 and
 * SQS, and the count of what each service got, read from the proxies.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import {
  AWS_SERVICES,
  type AwsService,
} from '../../src/sandbox/aws-faults/aws-error-answers.js'
import {
  AWS_HTTP_FAULTS,
  type AwsFaultSettings,
} from '../../src/sandbox/aws-faults/aws-fault-proxy.js'
import type { FaultedAws } from '../../src/sandbox/aws-faults/faulted-aws.js'

export interface AwsPhaseSettings {
  http?: AwsFaultSettings
  /** Every answer delayed by `latency` ± `jitter` ms for the whole phase (toxiproxy `latency`). */
  latency?: { latency: number; jitter: number }
  /** Every answer in a `windowMs` window, one every `everyMs`, cut by a TCP RST (`reset_peer`). */
  resets?: { everyMs: number; windowMs: number }
}

export type AwsPhase = Partial<Record<AwsService, AwsPhaseSettings>>

export type AwsFaultKind = 'throttle' | '5xx' | 'hang' | 'reset' | 'latency'
export const AWS_FAULT_KINDS: readonly AwsFaultKind[] = [
  'throttle',
  '5xx',
  'hang',
  'reset',
  'latency',
]

export type AwsCounts = Record<
  AwsService,
  { requests: number } & Record<AwsFaultKind, number>
>

/** What every service got so far: HTTP faults by the proxies' counts, toxics by the answers they met. */
export function awsCounts(aws: FaultedAws): AwsCounts {
  const toxics = aws.toxicCounts()
  return Object.fromEntries(
    AWS_SERVICES.map((s) => [
      s,
      {
        requests: aws.http[s].requests,
        ...aws.http[s].injected,
        reset: toxics[s].reset?.requests ?? 0,
        latency: toxics[s].latency?.requests ?? 0,
      },
    ])
  ) as AwsCounts
}

/**
 * Puts the phase's faults on (and takes the others' off); `stop` ends its toxics. `queueEach`
 * also queues one HTTP fault of each kind for a service's next requests, so that each is injected
 * however few requests the service gets.
 */
export async function applyAwsPhase(
  aws: FaultedAws,
  phase: AwsPhase | undefined,
  queueEach: readonly AwsService[] = []
): Promise<{ stop(): Promise<void> }> {
  const stops: (() => Promise<void>)[] = []
  for (const service of AWS_SERVICES) {
    const settings = phase?.[service]
    const proxy = aws.http[service]
    if (settings?.http) proxy.set(settings.http)
    else proxy.clear()
    if (queueEach.includes(service))
      for (const fault of AWS_HTTP_FAULTS) proxy.next(fault)
    if (settings?.latency) {
      const latency = await aws.toxic(service, {
        name: 'latency',
        type: 'latency',
        stream: 'downstream',
        attributes: settings.latency,
      })
      stops.push(() => latency.off())
    }
    if (settings?.resets)
      stops.push(
        resetPulses(aws, service, settings.resets, queueEach.includes(service))
      )
  }
  return {
    async stop() {
      await Promise.all(stops.map((s) => s()))
    },
  }
}

/**
 * A reset toxic on for `windowMs` every `everyMs`. With `untilHit`, the first window stays open
 * until a request has met it (at most 20 s): a service with few requests (SQS gets a few a
 * second) would otherwise slip through every short window of its phase.
 */
function resetPulses(
  aws: FaultedAws,
  service: AwsService,
  { everyMs, windowMs }: { everyMs: number; windowMs: number },
  untilHit = false
): () => Promise<void> {
  let stopped = false
  let mustHit = untilHit
  const done = (async () => {
    while (!stopped) {
      await sleep(everyMs - windowMs)
      if (stopped) break
      const before = aws.http[service].requests
      const reset = await aws.toxic(service, {
        name: 'reset',
        type: 'reset_peer',
        stream: 'downstream',
        attributes: { timeout: 0 },
      })
      await sleep(windowMs)
      const until = Date.now() + 20_000
      while (
        mustHit &&
        !stopped &&
        aws.http[service].requests === before &&
        Date.now() < until
      )
        await sleep(50)
      mustHit = false
      await reset.off()
    }
  })()
  return async () => {
    stopped = true
    await done
  }
}

export function describeAwsPhase(phase: AwsPhase): string {
  return Object.entries(phase)
    .map(([service, s]) => {
      const parts = [
        s.http?.throttleRate ? `throttle ${pct(s.http.throttleRate)}` : '',
        s.http?.errorRate ? `5xx ${pct(s.http.errorRate)}` : '',
        s.http?.hangRate ? `hang ${pct(s.http.hangRate)}` : '',
        s.resets
          ? `resets ${s.resets.windowMs} ms every ${s.resets.everyMs / 1000} s`
          : '',
        s.latency ? `latency ${s.latency.latency}±${s.latency.jitter} ms` : '',
      ].filter(Boolean)
      return `${service}: ${parts.join(', ')}`
    })
    .join('; ')
}

const pct = (rate: number) => `${+(rate * 100).toFixed(2)}%`
