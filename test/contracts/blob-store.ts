import assert from 'node:assert/strict'
import type { BlobStore } from '../../src/services/object-store/types.js'

/** What every BlobStore must do; run against each implementation. */
export const blobStoreContract: Record<
  string,
  (store: BlobStore) => Promise<void>
> = {
  'returns what was put, by key, with its size': async (store) => {
    const bytes = new TextEncoder().encode('a claim archive')
    await store.put('bafyclaim/bafyclaim.car', bytes)
    assert.deepEqual(await store.get('bafyclaim/bafyclaim.car'), bytes)
    assert.equal(await store.size('bafyclaim/bafyclaim.car'), bytes.length)
  },
  'answers undefined for a missing key': async (store) => {
    assert.equal(await store.get('missing/missing.car'), undefined)
    assert.equal(await store.size('missing/missing.car'), undefined)
  },
  'overwrites and deletes': async (store) => {
    await store.put('k', new Uint8Array([1]))
    await store.put('k', new Uint8Array([2, 3]))
    assert.deepEqual(await store.get('k'), new Uint8Array([2, 3]))
    await store.delete('k')
    assert.equal(await store.get('k'), undefined)
    await store.delete('k')
  },
}
