import { Delegation } from '@ucanto/core'
import type { Delegation as UcantoDelegation } from '@ucanto/interface'

/**
 * Freeway's `CONTENT_SERVE_DELEGATIONS_STORE` in memory: key `${space}:${cid}`, value the
 * delegation archive. Storing the same delegation again rewrites its key, as KV `put` does.
 */
export class DelegationStore {
  readonly #archives = new Map<string, Uint8Array>()

  async store(space: string, delegation: UcantoDelegation): Promise<string> {
    const archive = await delegation.archive()
    if (archive.error) throw archive.error
    const key = `${space}:${delegation.cid.toString()}`
    this.#archives.set(key, archive.ok)
    return key
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
