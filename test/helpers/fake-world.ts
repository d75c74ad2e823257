import { randomUUID } from 'node:crypto'
import type { Activities } from '../../src/activities/index.js'
import { Gate } from './gate.js'

export type ActivityName = keyof Activities

/** A space's progress row, as the fake activities write it. */
export interface FakeProgressRow {
  status: 'in-progress' | 'completed' | 'failed' | 'pending'
  totalUploads?: number
  completedUploads?: number
  lastProcessedUpload?: string
  error?: string
  /** Why the space's migration paused itself, while it is paused. */
  pausedBecause?: string
}

/** A customer's progress row, as the fake activities write it. */
export interface FakeCustomerRow {
  status: 'in-progress' | 'completed' | 'failed' | 'pending'
  completedSpaces?: number
  completedUploads?: number
  error?: string
  /** Why the customer's migration paused itself, while it is paused. */
  pausedBecause?: string
}

/** An activity attempt, as the fake saw it. */
export interface FakeCall {
  activity: ActivityName
  input: unknown
  attempt: number
}

/** The next `times` attempts of `activity` (for which `when` holds) throw. */
export interface FakeFault {
  activity: ActivityName
  when?: (input: never) => boolean
  times: number
  /** Non-retryable: Temporal gives up at once. Else retried with the workflow's policy. */
  permanent: boolean
  /** The retry's delay, as a service's Retry-After sets it (instead of the policy's backoff). */
  retryAfterMs?: number
  /** The failure's type and message, when a test needs real ones (e.g. `ServiceUnavailable`). */
  type?: string
  message?: string
}

export interface FakeWorldShape {
  customers: number
  spacesPerCustomer: number
  uploadsPerSpace: number
}

/**
 * The migration's outside world in memory, for workflow tests: customers and their spaces,
 * uploads per space, the progress, customer and failure rows the activities write, and a log of
 * every activity attempt with the concurrency it implies. Every name carries a fresh `env`, so
 * that the deterministic workflow IDs of two tests never meet on the shared server.
 */
export class FakeWorld {
  /** The run's `env`: unique per world. */
  readonly env = `wf-${randomUUID().slice(0, 8)}`
  /** The environment the worker says it serves (preflight); `env` unless a test sets it. */
  workerEnv?: string
  /** Customers in listing order, each with its spaces (the consumer table). */
  readonly spacesOf = new Map<string, string[]>()
  /** A space's uploads (roots), in root order. */
  readonly uploadsOf = new Map<string, string[]>()
  readonly customerOfSpace = new Map<string, string>()
  /** The host each customer is assigned to (`source: { kind: 'instance' }`). */
  readonly instanceOf = new Map<string, string>()

  /** Uploads whose migration fails for good (bad data): recorded as failures. */
  readonly failingUploads = new Set<string>()
  /** Spaces whose gateway authorization is refused for good (no owner delegation). */
  readonly gatewayRefused = new Set<string>()
  /** Spaces authorized before this run. */
  readonly gatewayAlready = new Set<string>()
  /** Customers whose migration space cannot be created (a permanent refusal). */
  readonly migrationSpaceRefused = new Set<string>()
  readonly faults: FakeFault[] = []
  /** Spaces at which a batch of small spaces finds a service refusing (once), with the reason. */
  readonly refusedSpaces = new Map<string, string>()
  /** Spaces at which a batch of small spaces fails retryably (that many times) before them. */
  readonly batchBreaksAt = new Map<string, number>()
  /** Most items one list page returns, as a DynamoDB query stops at 1 MB below its limit. */
  listPageCap = Infinity
  /** Most uploads one count page counts, as a DynamoDB count stops at 1 MB read. */
  countPageCap = Infinity
  /** Every page waits here before it runs: open unless a test holds it (`holdPages`). */
  pages = Gate.opened()

  readonly calls: FakeCall[] = []
  /** Times each upload went through a migration step, by root. */
  readonly migrations = new Map<string, number>()
  readonly migrated = new Set<string>()
  readonly failures = new Map<string, Set<string>>()
  /** Space progress rows, by space. */
  readonly progress = new Map<string, FakeProgressRow>()
  readonly customerRows = new Map<string, FakeCustomerRow>()
  readonly migrationSpaces = new Map<string, string>()
  readonly gatewayAuthorizations = new Map<string, number>()

  /** Customers between their prepare step and their last row; the most at once. */
  readonly openCustomers = new Set<string>()
  maxOpenCustomers = 0
  /** Spaces between their begin and finish steps, per customer; the most at once. */
  readonly openSpaces = new Map<string, Set<string>>()
  readonly maxOpenSpaces = new Map<string, number>()

  readonly #watchers: (() => boolean)[] = []

  constructor(shape: FakeWorldShape) {
    for (let c = 0; c < shape.customers; c++) {
      const customer = `did:mailto:test:${this.env}-c${c}`
      const spaces = []
      for (let s = 0; s < shape.spacesPerCustomer; s++) {
        const space = `did:key:${this.env}-c${c}-s${s}`
        spaces.push(space)
        this.customerOfSpace.set(space, customer)
        this.uploadsOf.set(
          space,
          Array.from(
            { length: shape.uploadsPerSpace },
            (_, u) =>
              `bafy-${this.env}-c${c}-s${s}-u${String(u).padStart(3, '0')}`
          )
        )
      }
      this.spacesOf.set(customer, spaces)
    }
  }

  get customers(): string[] {
    return [...this.spacesOf.keys()]
  }

  get spaces(): string[] {
    return [...this.uploadsOf.keys()]
  }

  get uploads(): string[] {
    return [...this.uploadsOf.values()].flat()
  }

  /** Pages from now on wait at the gate until the test lets them through. */
  holdPages(): Gate {
    this.pages = new Gate()
    return this.pages
  }

  callsOf<A extends ActivityName>(
    activity: A
  ): { input: Parameters<Activities[A]>[0]; attempt: number }[] {
    return this.calls
      .filter((call) => call.activity === activity)
      .map((call) => ({
        input: call.input as Parameters<Activities[A]>[0],
        attempt: call.attempt,
      }))
  }

  /** Resolves once `predicate` holds, checked after every change the fake makes; fails after `timeoutMs`. */
  until(predicate: () => boolean, timeoutMs = 20_000): Promise<void> {
    if (predicate()) return Promise.resolve()
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#watchers.splice(this.#watchers.indexOf(check), 1)
        reject(new Error(`the fake world never reached ${predicate}`))
      }, timeoutMs)
      const check = () => {
        if (!predicate()) return false
        clearTimeout(timer)
        resolve()
        return true
      }
      this.#watchers.push(check)
    })
  }

  /** Tells the watchers that something changed. */
  changed(): void {
    for (let i = this.#watchers.length - 1; i >= 0; i--)
      if (this.#watchers[i]!()) this.#watchers.splice(i, 1)
  }

  openCustomer(customer: string): void {
    this.openCustomers.add(customer)
    this.maxOpenCustomers = Math.max(
      this.maxOpenCustomers,
      this.openCustomers.size
    )
  }

  openSpace(customer: string, space: string): void {
    const open = this.openSpaces.get(customer) ?? new Set<string>()
    open.add(space)
    this.openSpaces.set(customer, open)
    this.maxOpenSpaces.set(
      customer,
      Math.max(this.maxOpenSpaces.get(customer) ?? 0, open.size)
    )
  }

  closeSpace(customer: string, space: string): void {
    this.openSpaces.get(customer)?.delete(space)
  }
}

/** A world of one customer with one space of `uploads` uploads. */
export function oneSpaceWorld(uploads: number) {
  const world = new FakeWorld({
    customers: 1,
    spacesPerCustomer: 1,
    uploadsPerSpace: uploads,
  })
  return { world, space: world.spaces[0]!, roots: world.uploads }
}
