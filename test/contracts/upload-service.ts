import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import type { Signer } from '@ucanto/interface'
import { ed25519 } from '@ucanto/principal'
import { sha256 } from 'multiformats/hashes/sha2'
import {
  ServiceRejected,
  ServiceUnavailable,
} from '../../src/failures/index.js'
import type { UploadServicePort } from '../../src/migration/ports.js'

export interface UploadServiceContext {
  uploadService: UploadServicePort
  /** Lets `space` store blobs at the service (a consumer with a provider). */
  provision(space: string): Promise<void>
  /** Turns Storacha's write kill-switch on or off. */
  disableWrites(on: boolean): void
}

/** Fresh bytes every time: the service answers a repeated identical invocation from its cache. */
const addBlob = async (uploadService: UploadServicePort, space: Signer) => {
  const bytes = randomBytes(256)
  return uploadService.addBlob({
    space,
    digest: await sha256.digest(bytes),
    bytes,
  })
}

/** What every upload service port must do; run against the sandbox service and the fake. */
export const uploadServiceContract: Record<
  string,
  (ctx: UploadServiceContext) => Promise<void>
> = {
  'gives a provisioned space a location for the blob': async (ctx) => {
    const space = await ed25519.generate()
    await ctx.provision(space.did())
    const { location } = await addBlob(ctx.uploadService, space)
    assert.ok(URL.canParse(location), location)
  },
  'refuses an unprovisioned space as InsufficientStorage, for good': async (
    ctx
  ) => {
    const space = await ed25519.generate()
    await assert.rejects(
      addBlob(ctx.uploadService, space),
      (err) =>
        err instanceof ServiceRejected &&
        err.serviceError === 'InsufficientStorage' &&
        err.step === 'index'
    )
  },
  'fails transiently as ServiceUnavailable while writes are disabled': async (
    ctx
  ) => {
    const space = await ed25519.generate()
    await ctx.provision(space.did())
    ctx.disableWrites(true)
    try {
      await assert.rejects(
        addBlob(ctx.uploadService, space),
        (err) => err instanceof ServiceUnavailable && err.step === 'index'
      )
    } finally {
      ctx.disableWrites(false)
    }
    await addBlob(ctx.uploadService, space)
  },
}
