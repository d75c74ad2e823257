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
  /**
   * A claim cached by the indexing service (`claim/cache`), with the DID that invoked it: the
   * migration's (as the upload service's did:key) or a storage node's, for the blobs it holds.
   */
  'claim-cached': {
    claim: string
    content: string
    space: string
    issuer: string
  }
  /**
   * A delegation accepted by the gateway (`access/delegate`), every time it is written: `write`
   * says whether the key was new or rewritten with the same bytes (a resent authorization).
   */
  'delegation-stored': {
    space: string
    delegation: string
    write: 'new' | 'identical' | 'changed'
  }
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

/** One entry of any kind, told apart by `kind`. */
export type AnyLedgerEntry = { [K in LedgerKind]: LedgerEntry<K> }[LedgerKind]

export type LedgerListener = (entry: AnyLedgerEntry) => void

export class Ledger {
  readonly #entries: StoredEntry[] = []
  readonly #listeners = new Set<LedgerListener>()

  record<K extends LedgerKind>(kind: K, event: LedgerEvents[K]): void {
    const entry = { ...event, kind, at: new Date().toISOString() }
    this.#entries.push(entry)
    for (const listener of this.#listeners)
      listener(entry as unknown as AnyLedgerEntry)
  }

  /**
   * Calls `listener` with each entry as it is recorded, before the service answers the request
   * that made it: a test can act inside the window between a side effect and its caller
   * learning of it. Returns the function that stops the calls.
   */
  watch(listener: LedgerListener): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
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
