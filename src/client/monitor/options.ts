/** The monitor's flags, parsed. */
export interface MonitorOptions {
  customer?: string
  /** Needs `customer`: a progress row is keyed by customer and space. */
  space?: string
  instance?: string
  failed?: boolean
  stuck?: boolean
  /** How long an in-progress space may go without an update before it counts as stuck. */
  stuckMinutes?: number
  watch?: boolean
  /** Seconds between renders in watch mode. */
  interval?: number
  json?: boolean
}

export const DEFAULT_STUCK_MINUTES = 60
export const DEFAULT_INTERVAL_SECONDS = 30

/** Which view the flags ask for, with what it needs. */
export type ViewRequest =
  | { view: 'overall' }
  | { view: 'instance'; instanceId: string }
  | { view: 'customer'; customer: string }
  | { view: 'space'; customer: string; space: string }
  | { view: 'failed'; customer?: string; instance?: string }
  | {
      view: 'stuck'
      olderThanMinutes: number
      customer?: string
      instance?: string
    }

/** Why the flags cannot be run, if they cannot; the CLI exits with status 2 on it. */
export function optionsProblem(options: MonitorOptions): string | undefined {
  if (options.space !== undefined && !options.customer)
    return '--space requires --customer: a space’s progress is keyed by its customer'
  if (options.failed && options.stuck)
    return '--failed and --stuck are separate views: pass one of them'
  if (!isPositive(options.stuckMinutes))
    return '--stuck-minutes must be a positive number'
  if (!isPositive(options.interval))
    return '--interval must be a positive number of seconds'
  return undefined
}

const isPositive = (value: number | undefined): boolean =>
  value === undefined || (Number.isFinite(value) && value > 0)

/**
 * The view for valid flags. `--failed` and `--stuck` list spaces across the table, narrowed by
 * `--customer` and `--instance` when given; otherwise a space, a customer, an instance, or all.
 */
export function selectView(options: MonitorOptions): ViewRequest {
  const { customer, space, instance } = options
  if (options.failed) return { view: 'failed', customer, instance }
  if (options.stuck)
    return {
      view: 'stuck',
      olderThanMinutes: options.stuckMinutes ?? DEFAULT_STUCK_MINUTES,
      customer,
      instance,
    }
  if (customer && space !== undefined) return { view: 'space', customer, space }
  if (customer) return { view: 'customer', customer }
  if (instance !== undefined) return { view: 'instance', instanceId: instance }
  return { view: 'overall' }
}
