import { ServiceUnavailable, TransientError } from '../failures/index.js'

/**
 * Charged attempts after which an upload that keeps failing transiently (an indexer 500 for one
 * root) is recorded as failed with the reason of its step, and its page goes on.
 */
export const UPLOAD_ATTEMPT_BUDGET = 5

/**
 * Whether an upload's error parks the upload (the rest of the page goes on, the page is retried
 * at the end) rather than failing the page: a transient failure, but not a service refusing the
 * migration, which fails the page at once and pauses its space.
 */
export const parks = (err: unknown): err is TransientError =>
  err instanceof TransientError && !(err instanceof ServiceUnavailable)

/**
 * Charges one attempt to each parked upload, when the attempt showed the services working for
 * another upload of the page (`servicesAnswered`): then the failure is the root's, not the
 * service's. Without that, nothing is charged: every upload failing at once is a service down,
 * which the circuit breakers turn into a refusal. Returns the budgets left open and the uploads
 * whose budget is spent.
 */
export function chargeAttempt(
  attempts: ReadonlyMap<string, number>,
  servicesAnswered: boolean,
  budget = UPLOAD_ATTEMPT_BUDGET
): { open: Map<string, number>; exhausted: string[] } {
  const open = new Map<string, number>()
  const exhausted: string[] = []
  for (const [root, charged] of attempts) {
    const now = servicesAnswered ? charged + 1 : charged
    if (now >= budget) exhausted.push(root)
    else open.set(root, now)
  }
  return { open, exhausted }
}
