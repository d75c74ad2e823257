import type {
  ConnectionView,
  IssuedInvocationView,
  Receipt,
} from '@ucanto/interface'
import { windowedLoader } from '../windowed-loader.js'

export interface InvocationBatcherOptions {
  /** Invocations one request carries at most. */
  maxInvocations: number
  /** How long the first invocation of a request waits for others to join it. */
  windowMs: number
}

export const DEFAULT_INVOCATION_BATCHING: InvocationBatcherOptions = {
  maxInvocations: 50,
  windowMs: 5,
}

type AnyInvocation = IssuedInvocationView
type AnyReceipt = Receipt<object, { name?: string; message: string }>

/** Sends invocations of many callers together: `execute` resolves with each one's own receipt. */
export interface InvocationBatcher {
  execute(invocations: readonly AnyInvocation[]): Promise<AnyReceipt[]>
}

/**
 * Invocations that callers send within a few milliseconds of each other go in one ucanto request
 * (a connection executes many invocations in one call, one receipt each, in order), so a page's
 * uploads share requests instead of each paying one. A request that fails rejects every caller in
 * it; a refused invocation is only its own caller's receipt.
 */
export function invocationBatcher<S extends object>(
  connection: ConnectionView<S>,
  options: InvocationBatcherOptions = DEFAULT_INVOCATION_BATCHING
): InvocationBatcher {
  const execute = connection.execute.bind(connection) as unknown as (
    ...invocations: AnyInvocation[]
  ) => Promise<AnyReceipt[]>
  const loader = windowedLoader<AnyInvocation, AnyReceipt>(
    (invocations) => execute(...invocations),
    { maxBatch: options.maxInvocations, windowMs: options.windowMs }
  )
  return {
    async execute(invocations) {
      return Promise.all(
        invocations.map((invocation) => loader.load(invocation))
      )
    },
  }
}
