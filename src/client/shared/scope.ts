/**
 * What a command covers: every planned customer, an instance's, a list of customers (a customers
 * file of `migrate`), a customer, or a space.
 */
export type Scope =
  | { kind: 'all' }
  | { kind: 'instance'; instanceId: string }
  | { kind: 'customers'; customers: readonly string[] }
  | { kind: 'customer'; customer: string }
  | { kind: 'space'; space: string; customer?: string }

/** The scope flags, as yargs parses them. */
export interface ScopeFlags {
  customer?: string
  space?: string
  instance?: string
  all?: boolean
}

export interface ScopeRules {
  /** No scope flag: `all` when true, a problem when false. */
  defaultAll: boolean
  /** A progress row is keyed by customer and space, so a space alone cannot name one. */
  spaceNeedsCustomer: boolean
}

/** The one scope the flags name, or why they do not name exactly one. */
export function scopeOf(
  flags: ScopeFlags,
  rules: ScopeRules
): { scope: Scope } | { problem: string } {
  if (flags.space !== undefined && !flags.space)
    return { problem: '--space needs a space DID' }
  if (flags.customer !== undefined && !flags.customer)
    return { problem: '--customer needs a customer DID' }
  if (flags.instance !== undefined && !flags.instance)
    return { problem: '--instance needs an instance name' }
  if (rules.spaceNeedsCustomer && flags.space && !flags.customer)
    return {
      problem:
        '--space requires --customer: a space’s progress is keyed by its customer',
    }
  const named = [
    flags.space ? '--space' : flags.customer ? '--customer' : undefined,
    flags.instance ? '--instance' : undefined,
    flags.all ? '--all' : undefined,
  ].filter((flag): flag is string => flag !== undefined)
  if (named.length > 1)
    return { problem: `choose one scope: ${named.join(' and ')} conflict` }
  if (flags.space)
    return {
      scope: { kind: 'space', space: flags.space, customer: flags.customer },
    }
  if (flags.customer)
    return { scope: { kind: 'customer', customer: flags.customer } }
  if (flags.instance)
    return { scope: { kind: 'instance', instanceId: flags.instance } }
  if (flags.all || rules.defaultAll) return { scope: { kind: 'all' } }
  return {
    problem: `choose a scope: --customer${rules.spaceNeedsCustomer ? ' (with --space)' : ', --space'}, --instance or --all`,
  }
}

export function describeScope(scope: Scope): string {
  switch (scope.kind) {
    case 'all':
      return 'all customers'
    case 'instance':
      return `instance ${scope.instanceId} (the customers setup-distribution assigned to it)`
    case 'customers':
      return `${scope.customers.length} listed customers`
    case 'customer':
      return `customer ${scope.customer}`
    case 'space':
      return scope.customer
        ? `space ${scope.space} of customer ${scope.customer}`
        : `space ${scope.space}`
  }
}
