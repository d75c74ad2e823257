import type { Control } from './control.js'
import type { FailureBudget, UploadCounts } from './types.js'

/** A rate is judged only once this many uploads were processed since the budget was armed. */
export const FAILURE_BUDGET_MIN_SAMPLE = 100

/** The counts a budget was (re-)armed at: a resume after a trip counts from there. */
export interface BudgetBase {
  processed: number
  failed: number
}

/**
 * The failure budget of a scope (`--max-failure-rate`, `--max-failures`), as Step Functions'
 * `ToleratedFailurePercentage`/`Count`: when the recorded failures since the budget was armed
 * pass it, the migration pauses itself with the reason (as a refusal does: this workflow, its
 * children and its parents). `control resume` lifts it and re-arms the budget at the counts of
 * the trip, so that only failures after it count towards the next.
 */
export function useFailureBudget(
  budget: FailureBudget | undefined,
  control: Control,
  state: { budgetBase?: BudgetBase },
  scope: string
) {
  return {
    async check(counts: UploadCounts): Promise<void> {
      if (!budget || control.paused) return
      const base = state.budgetBase ?? { processed: 0, failed: 0 }
      const failed = counts.failed - base.failed
      const processed = counts.processed - base.processed
      const over = overBudget(budget, failed, processed)
      if (!over) return
      state.budgetBase = { processed: counts.processed, failed: counts.failed }
      await control.refuse(
        `failure budget: ${failed} of ${processed} uploads failed in ${scope}, ${over}`
      )
    },
  }
}

/** Which limit the failures pass, in words, or undefined within the budget. */
export function overBudget(
  budget: FailureBudget,
  failed: number,
  processed: number
): string | undefined {
  if (budget.maxFailures !== undefined && failed > budget.maxFailures)
    return `more than --max-failures ${budget.maxFailures}`
  const rate = budget.maxFailurePercent
  if (
    rate !== undefined &&
    processed >= FAILURE_BUDGET_MIN_SAMPLE &&
    failed * 100 > rate * processed
  )
    return `over --max-failure-rate ${rate}%`
  return undefined
}
