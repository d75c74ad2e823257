/** Readers for attributes of untyped DynamoDB items. */
export const optionalString = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined

/** A name that one writer stored as a string and another as a number (the original's instance IDs). */
export const optionalName = (value: unknown): string | undefined =>
  typeof value === 'string'
    ? value
    : typeof value === 'number'
      ? String(value)
      : undefined

export const numberOr = (value: unknown, fallback: number): number =>
  typeof value === 'number' ? value : fallback

/** The defaults whose attribute an update does not set, for `if_not_exists` on a new row. */
export const unsetDefaults = (
  fields: Record<string, unknown>,
  defaults: Record<string, unknown>
): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(defaults).filter(([name]) => fields[name] === undefined)
  )
