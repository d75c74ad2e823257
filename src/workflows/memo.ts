import type {
  CustomerSource,
  FailureBudget,
  MigrationRun,
  Tuning,
} from './types.js'

/** A migration workflow's memo, under `migration`: shown as is on its page in the Web UI. */
export interface MigrationMemo {
  /** What the workflow migrates. */
  scope: {
    kind: 'instance' | 'customer' | 'space'
    env: string
    instanceId?: string
    customer?: string
    space?: string
    /** One upload only (`--cid`). */
    root?: string
  }
  /** How it was asked to run it (its tuning as started; `control tune` changes the live one). */
  plan: {
    mode: string
    /** Where an instance's customers come from: a list, setup-distribution's plan, or all. */
    source?: CustomerSource['kind']
    /** How many customers a list names. */
    customers?: number
    limit?: number
    onlyFailed?: boolean
    recheck?: boolean
    failureBudget?: FailureBudget
    tuning: Tuning
  }
}

/**
 * The memo a migration workflow is started with. It is set once at start (no action of its
 * own, unlike a later upsert) and continue-as-new carries it over.
 */
export function migrationMemo(
  input: MigrationRun & {
    customer?: string
    space?: string
    root?: string
    source?: CustomerSource
  }
): { migration: MigrationMemo } {
  const kind = input.space ? 'space' : input.customer ? 'customer' : 'instance'
  return {
    migration: {
      scope: definedOnly({
        kind,
        env: input.env,
        instanceId: input.instanceId,
        customer: input.customer,
        space: input.space,
        root: input.root,
      }),
      plan: definedOnly({
        mode: input.mode,
        source: input.source?.kind,
        customers:
          input.source?.kind === 'list'
            ? input.source.customers.length
            : undefined,
        limit: input.limit,
        onlyFailed: input.onlyFailed,
        recheck: input.recheck,
        failureBudget: input.failureBudget,
        tuning: input.tuning,
      }),
    },
  }
}

/** Payloads drop undefined fields anyway; dropping them here keeps the memo what it shows. */
function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined)
  ) as T
}
