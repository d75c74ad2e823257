import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { dirname, join, normalize } from 'node:path'

import type { BlobStore } from './types.js'

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

  async delete(key: string) {
    this.#objects.delete(key)
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

  async delete(key: string) {
    await rm(this.#path(key), { force: true })
  }

  #path(key: string): string {
    const path = normalize(join(this.dir, key))
    if (!path.startsWith(normalize(this.dir)))
      throw new Error(`key outside the store: ${key}`)
    return path
  }
}
