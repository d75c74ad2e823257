import { mkdir, readFile, stat, writeFile } from 'node:fs/promises'
import { dirname, join, normalize } from 'node:path'

/** Objects by key, as an R2/S3 bucket holds them (the carpark, the claims bucket). */
export interface BlobStore {
  put(key: string, bytes: Uint8Array): Promise<void>
  get(key: string): Promise<Uint8Array | undefined>
  /** Size in bytes, or undefined when there is no such object. */
  size(key: string): Promise<number | undefined>
}

/** The carpark key of a store-protocol shard: `<cid>/<cid>.car`. */
export const carKey = (cid: string) => `${cid}/${cid}.car`

/** The carpark key of a blob-protocol shard: `<base58btc multihash>/<same>.blob`. */
export const blobKey = (multihash: string) => `${multihash}/${multihash}.blob`

export class MemoryBlobStore implements BlobStore {
  readonly #objects = new Map<string, Uint8Array>()

  async put(key: string, bytes: Uint8Array) {
    this.#objects.set(key, bytes)
  }

  async get(key: string) {
    return this.#objects.get(key)
  }

  async size(key: string) {
    return this.#objects.get(key)?.length
  }
}

/** Objects as files under a folder, so a sandbox can keep its carpark across restarts. */
export class FsBlobStore implements BlobStore {
  constructor(readonly dir: string) {}

  async put(key: string, bytes: Uint8Array) {
    const path = this.#path(key)
    await mkdir(dirname(path), { recursive: true })
    await writeFile(path, bytes)
  }

  async get(key: string) {
    try {
      return new Uint8Array(await readFile(this.#path(key)))
    } catch {
      return undefined
    }
  }

  async size(key: string) {
    try {
      return (await stat(this.#path(key))).size
    } catch {
      return undefined
    }
  }

  #path(key: string): string {
    const path = normalize(join(this.dir, key))
    if (!path.startsWith(normalize(this.dir)))
      throw new Error(`key outside the store: ${key}`)
    return path
  }
}
