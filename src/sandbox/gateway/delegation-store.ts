import { Delegation } from '@ucanto/core'
import type { Delegation as UcantoDelegation } from '@ucanto/interface'

/**
 * What a `put` did to the store: wrote a key it did not hold, wrote the bytes it already held
 * under that key (a resent authorization, which changes nothing a reader sees), or replaced
 * other bytes (which a content-addressed key never should).
 */
export type DelegationWrite = 'new' | 'identical' | 'changed'

/**
 * Freeway's `CONTENT_SERVE_DELEGATIONS_STORE` in memory: key `${space}:${cid}`, value the
 * delegation archive. Storing the same delegation again rewrites its key, as KV `put` does.
 */
export class DelegationStore {
  readonly #archives = new Map<string, Uint8Array>()

  async store(
    space: string,
    delegation: UcantoDelegation
  ): Promise<{ key: string; write: DelegationWrite }> {
    const archive = await delegation.archive()
    if (archive.error) throw archive.error
    const key = `${space}:${delegation.cid.toString()}`
    const held = this.#archives.get(key)
    this.#archives.set(key, archive.ok)
    return { key, write: writeOf(held, archive.ok) }
  }

  /** Every decodable delegation stored for `space`, as Freeway's `list({ prefix: space })` reads them. */
  async find(space: string): Promise<UcantoDelegation[]> {
    const found: UcantoDelegation[] = []
    for (const [key, archive] of this.#archives) {
      if (!key.startsWith(`${space}:`)) continue
      const extracted = await Delegation.extract(archive)
      if (extracted.ok) found.push(extracted.ok)
    }
    return found
  }

  keys(): string[] {
    return [...this.#archives.keys()]
  }
}

function writeOf(
  held: Uint8Array | undefined,
  bytes: Uint8Array
): DelegationWrite {
  if (!held) return 'new'
  return Buffer.from(held).equals(bytes) ? 'identical' : 'changed'
}
