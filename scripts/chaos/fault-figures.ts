/**
 * What every service got, sandbox and AWS alike, in one shape: requests and faults by kind, as
 * totals and as the difference over a phase.
 */
import { AWS_SERVICES } from '../../src/sandbox/aws-faults/aws-error-answers.js'
import {
  FAULTED_SERVICES,
  type FaultedServiceName,
} from '../../src/sandbox/faulted-services.js'
import type { AwsCounts } from './aws-faults.js'
import type { FaultCount } from './faults.js'

export const FIGURE_KINDS = [
  '5xx',
  'throttle',
  'reset',
  'hang',
  'latency',
] as const
export type FigureKind = (typeof FIGURE_KINDS)[number]

/** Column heads: a sandbox service's throttling is a 429 with Retry-After, AWS's its own answers. */
export const FIGURE_HEADS = ['5xx', '429/throttle', 'reset', 'hang', 'latency']

export type FaultFigures = Record<
  string,
  { requests: number } & Record<FigureKind, number>
>

export function faultFigures(
  sandbox: Record<FaultedServiceName, FaultCount>,
  aws: AwsCounts
): FaultFigures {
  const figures: FaultFigures = {}
  for (const s of FAULTED_SERVICES) {
    const { decisions, byKind } = sandbox[s]
    figures[s] = {
      requests: decisions,
      '5xx': byKind.error,
      throttle: byKind['rate-limit'],
      reset: byKind.reset,
      hang: byKind.hang,
      latency: byKind.latency,
    }
  }
  for (const s of AWS_SERVICES) figures[s] = { ...aws[s] }
  return figures
}

/** `to` minus `from`, service by service. */
export function figuresSince(
  from: FaultFigures,
  to: FaultFigures
): FaultFigures {
  return Object.fromEntries(
    Object.entries(to).map(([s, t]) => {
      const f = from[s]
      return [
        s,
        {
          requests: t.requests - (f?.requests ?? 0),
          ...(Object.fromEntries(
            FIGURE_KINDS.map((k) => [k, t[k] - (f?.[k] ?? 0)])
          ) as Record<FigureKind, number>),
        },
      ]
    })
  )
}

/** Grid rows of the services that got any fault. */
export function figureRows(
  figures: FaultFigures,
  lead: string[] = []
): (string | number)[][] {
  return Object.entries(figures)
    .filter(([, f]) => FIGURE_KINDS.some((k) => f[k] > 0))
    .map(([s, f]) => [...lead, s, f.requests, ...FIGURE_KINDS.map((k) => f[k])])
}
