import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { TransientError } from '../../src/failures/index.js'
import { publishLocationClaims } from '../../src/migration/claims/publish.js'
import { shardInfo } from '../../src/migration/sizes/shard-info.js'
import type {
  UploadVerdict,
  VerifyDeps,
} from '../../src/migration/verify/api.js'
import { IndexerUnavailable } from '../../src/migration/verify/errors.js'
import { createClaimsBucketLookup } from '../../src/migration/verify/stored-claims.js'
import { verifyUploads } from '../../src/migration/verify/verify-uploads.js'
import type { SeededUpload } from '../../src/sandbox/seed/seed-legacy-world.js'
import { createIndexer } from '../../src/services/indexer/indexer.js'
import { sandboxDeps } from '../helpers/sandbox-deps.js'
import { seededSandbox } from '../helpers/seeded-sandbox.js'

const world = await seededSandbox(
  { seed: 'verify', customers: 3 },
  { seed: 'verify-test' }
)
const { sandbox, tables, uploads } = world
const ports = (await sandboxDeps(world)).deps.uploadPorts('did:mailto:x:y')
const claimsPorts = { ...ports.claims, indexer: ports.indexer }

let requests = 0
const countingFetch: typeof fetch = (input, init) => {
  requests++
  return fetch(input, init)
}
const deps: VerifyDeps = {
  indexer: createIndexer({
    url: sandbox.indexer.url,
    did: sandbox.indexer.did,
    timeoutMs: 5_000,
    fetch: countingFetch,
  }),
  storedClaims: createClaimsBucketLookup({
    ...ports.claims,
    shardInfo: (space, shard) => shardInfo(tables, space, shard),
  }),
}

const find = (predicate: (u: SeededUpload) => boolean) => {
  const upload = uploads.find(predicate)
  assert.ok(upload, 'the seeded world has such an upload')
  return upload
}
const verifyOne = async (upload: SeededUpload, using = deps) => {
  const [verdict] = await verifyUploads(using, [upload])
  assert.ok(verdict)
  return verdict
}

/** The verdict a seeded state must get: which lack each of its shards has, if any. */
function expected(upload: SeededUpload): UploadVerdict {
  const lacks = {
    'not-started': 'location',
    'index-only': 'space',
    'claims-only': undefined,
    'claims-without-space': 'space',
    complete: undefined,
  } as const
  const lack = lacks[upload.state]
  const index = upload.state !== 'index-only' && upload.state !== 'complete'
  const shards = lack
    ? upload.shards.map((shard) => ({ shard, lacks: lack }))
    : []
  return {
    root: upload.root,
    space: upload.space,
    ok: !index && shards.length === 0,
    missing: { index, shards },
    lagging: [],
  }
}

describe('verifyUploads', () => {
  for (const state of [
    'complete',
    'not-started',
    'index-only',
    'claims-only',
    'claims-without-space',
  ] as const) {
    it(`reports a ${state} upload as it is`, async () => {
      const upload = find((u) => u.state === state && u.quirk === 'normal')
      assert.deepEqual(await verifyOne(upload), expected(upload))
    })
  }

  it('verifies every seeded upload with a bounded number of indexer requests', async () => {
    const batchSize = 10
    requests = 0
    const verdicts = await verifyUploads({ ...deps, batchSize }, uploads)
    assert.deepEqual(verdicts, uploads.map(expected))
    const perBatch = (n: number) => Math.ceil(n / batchSize)
    const shardsBySpace = new Map<string, number>()
    for (const u of uploads)
      shardsBySpace.set(
        u.space,
        (shardsBySpace.get(u.space) ?? 0) + u.shards.length
      )
    const bound =
      perBatch(uploads.length) +
      [...shardsBySpace.values()].reduce((n, s) => n + perBatch(s), 0) +
      perBatch(uploads.flatMap((u) => u.shards).length)
    assert.ok(requests <= bound, `${requests} requests, at most ${bound}`)
    assert.ok(
      requests < uploads.length,
      `${requests} requests for ${uploads.length} uploads`
    )
  })

  it('reports a shard whose claim is only in the claims bucket as lagging, not missing', async () => {
    const upload = find(
      (u) => u.state === 'not-started' && u.quirk === 'store-protocol'
    )
    const [first, ...rest] = upload.shards
    assert.ok(first && rest.length > 0, 'the upload has several shards')
    const input = await shardInfo(tables, upload.space, first)
    // The claim reaches the bucket, then claim/cache fails: the indexer never sees it.
    sandbox.indexer.faults.next('error')
    await assert.rejects(
      publishLocationClaims(claimsPorts, {
        space: upload.space,
        shards: [input],
      }),
      TransientError
    )
    const verdict = await verifyOne(upload)
    assert.deepEqual(verdict.lagging, [first])
    assert.deepEqual(
      verdict.missing.shards,
      rest.map((shard) => ({ shard, lacks: 'location' }))
    )
    const withoutBucket = await verifyOne(upload, {
      indexer: deps.indexer,
    })
    assert.deepEqual(withoutBucket.lagging, [])
    assert.deepEqual(
      withoutBucket.missing.shards,
      expected(upload).missing.shards
    )
  })

  it('fails with a TransientError when the indexer fails, never reporting "missing"', async () => {
    const upload = find((u) => u.state === 'complete')
    sandbox.indexer.faults.next('error')
    await assert.rejects(
      verifyOne(upload),
      (err) =>
        err instanceof IndexerUnavailable && err instanceof TransientError
    )
    assert.equal((await verifyOne(upload)).ok, true)
  })
})
