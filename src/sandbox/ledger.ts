/**
 * Every side effect the sandbox services performed, so that tests can prove that nothing was
 * lost and nothing was done twice. Values are strings: DIDs, CIDs, base58btc multihashes.
 * Claims written to the claims bucket and IPNI jobs are on the S3/SQS emulator: read them there.
 */
export interface LedgerEvents {
  /** A blob accepted by the upload service (`space/blob/add`). */
  'blob-added': { space: string; digest: string }
  /** An `assert/index` accepted by the indexing service. */
  'index-registered': { root: string; index: string; space: string }
  /** A claim cached by the indexing service (`claim/cache`). */
  'claim-cached': { claim: string; content: string; space: string }
  /** A delegation accepted by the gateway (`access/delegate`). */
  'delegation-stored': { space: string; delegation: string }
  /**
   * A revocation the upload service stored (`ucan/revoke`): the revoked delegation and the
   * principal that revoked it, once per pair however often it is revoked.
   */
  'delegation-revoked': { delegation: string; scope: string }
}

export type LedgerKind = keyof LedgerEvents

export type LedgerEntry<K extends LedgerKind = LedgerKind> = {
  kind: K
  at: string
} & LedgerEvents[K]

type StoredEntry = { kind: LedgerKind; at: string } & Record<string, string>

export class Ledger {
  readonly #entries: StoredEntry[] = []

  record<K extends LedgerKind>(kind: K, event: LedgerEvents[K]): void {
    this.#entries.push({ ...event, kind, at: new Date().toISOString() })
  }

  /** Entries of a kind whose fields equal every field given in `where`. */
  find<K extends LedgerKind>(
    kind: K,
    where: Partial<LedgerEvents[K]> = {}
  ): LedgerEntry<K>[] {
    const found = this.#entries.filter(
      (entry) =>
        entry.kind === kind &&
        Object.entries(where).every(([field, value]) => entry[field] === value)
    )
    // Filtering on `kind` makes each entry the event type of K.
    return found as unknown as LedgerEntry<K>[]
  }

  count<K extends LedgerKind>(
    kind: K,
    where: Partial<LedgerEvents[K]> = {}
  ): number {
    return this.find(kind, where).length
  }

  all(): readonly LedgerEntry[] {
    return this.#entries as unknown as LedgerEntry[]
  }

  clear(): void {
    this.#entries.length = 0
  }
}
