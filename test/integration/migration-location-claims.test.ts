import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import * as DID from '@ipld/dag-ucan/did'
import * as Assert from '@storacha/capabilities/assert'
import { Client } from '@storacha/indexing-service-client'
import { Delegation, delegate } from '@ucanto/core'
import { ed25519 } from '@ucanto/principal'
import { base58btc } from 'multiformats/bases/base58'
import type { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'
import { loadConfig } from '../../src/config/index.js'
import {
  PermanentError,
  ServiceRejected,
  ShardNotFound,
  TransientError,
} from '../../src/failures/index.js'
import { publishLocationClaims } from '../../src/migration/claims/publish.js'
import type {
  LocationClaimsPorts,
  ShardInput,
} from '../../src/migration/claims/types.js'
import {
  SANDBOX_BUCKETS,
  SANDBOX_QUEUES,
  type Sandbox,
  startSandbox,
} from '../../src/sandbox/sandbox.js'
import { encodeUpload } from '../../src/sandbox/seed/encode-upload.js'
import { blobKey, carKey } from '../../src/services/carpark-keys.js'
import { createIndexer } from '../../src/services/indexer/indexer.js'
import { parseProof } from '../../src/services/indexer/proof.js'
import {
  createS3Client,
  S3BlobStore,
} from '../../src/services/object-store/s3.js'
import { createDeps, type Deps } from '../../src/workers/deps.js'
import { testStack } from '../helpers/stack.js'

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' }
const QUEUE = { blob: SANDBOX_QUEUES.ipniBlob, store: SANDBOX_QUEUES.ipniStore }

let sandbox: Sandbox
let built: Deps
let deps: LocationClaimsPorts
let claimsBucket: S3BlobStore
let indexer: Client

before(async () => {
  sandbox = await startSandbox({ seed: 'location-claims-test' })
  const config = loadConfig({ ...(await testStack()), ...sandbox.env }, [
    'dynamo',
    'services',
    'publishing',
    'signing',
  ])
  built = await createDeps(config, { timeoutMs: 5_000 })
  const ports = built.uploadPorts('did:mailto:x:y')
  deps = { ...ports.claims, indexer: ports.indexer }
  const s3 = createS3Client({
    region: 'us-east-1',
    endpoint: sandbox.s3sqs.endpoint,
    credentials,
  })
  claimsBucket = new S3BlobStore(s3, SANDBOX_BUCKETS.claims)
  indexer = new Client({ serviceURL: new URL(sandbox.indexer.url) })
})

after(async () => {
  await built.close()
  claimsBucket.client.destroy()
  await sandbox.close()
})

describe('publishLocationClaims', () => {
  it('claims a blob shard and a store shard with the space everywhere', async () => {
    const space = await newSpace()
    const blob = await seedShard('blob')
    const store = await seedShard('store')
    const results = await publishLocationClaims(deps, {
      space,
      shards: [blob.input, store.input],
    })
    assert.deepEqual(
      results.map((r) => r.location),
      [
        `${sandbox.carpark.service.url}/${blobKey(z(blob.cid))}`,
        `${sandbox.carpark.service.url}/${carKey(store.input.cid)}`,
      ]
    )
    for (const [i, shard] of [blob, store].entries()) {
      const claim = results[i]!.claim
      assert.deepEqual(await indexedClaims(shard.cid, space), [
        { claim, space, location: results[i]!.location },
      ])
      assert.equal(
        sandbox.ledger.count('claim-cached', { content: z(shard.cid), space }),
        1
      )
      const archive = await claimsBucket.get(claim)
      assert.ok(archive, 'the claims bucket holds the archive')
      const extracted = await Delegation.extract(archive)
      assert.equal(extracted.ok?.cid.toString(), claim)
      const jobs = await jobsFor(shard.input.protocol, space, shard.cid)
      assert.equal(jobs.length, 1)
      assert.equal(
        jobs[0]!.Message.Provider.ID,
        deps.peerIds[shard.input.protocol]
      )
      assert.match(
        jobs[0]!.Message.Provider.Addrs[0]!,
        /http-path\/claim%2F%7Bclaim%7D$/
      )
      assert.equal(
        Buffer.from(jobs[0]!.Message.Metadata, 'base64')
          .subarray(0, 4)
          .toString('hex'),
        '8280f801'
      )
    }
  })

  it('leaves one claim and one IPNI job per shard when run twice', async () => {
    const space = await newSpace()
    const shards = [await seedShard('blob'), await seedShard('store')]
    const input = { space, shards: shards.map((s) => s.input) }
    const first = await publishLocationClaims(deps, input)
    const second = await publishLocationClaims(deps, input)
    assert.deepEqual(
      second.map((r) => r.claim),
      first.map((r) => r.claim)
    )
    for (const shard of shards) {
      assert.equal((await indexedClaims(shard.cid, space)).length, 1)
      assert.equal(
        (await jobsFor(shard.input.protocol, space, shard.cid)).length,
        1
      )
    }
  })

  it('fails with ShardNotFound when neither the carpark nor the indexer knows the shard', async () => {
    const shard = await seedShard('blob', { inCarpark: false })
    await assert.rejects(
      publishLocationClaims(deps, {
        space: await newSpace(),
        shards: [shard.input],
      }),
      (err) => err instanceof ShardNotFound && err instanceof PermanentError
    )
  })

  it('uses the URL of an existing location claim when the carpark lacks the shard', async () => {
    const space = await newSpace()
    const shard = await seedShard('blob', { inCarpark: false })
    const key = `old-bucket/${blobKey(z(shard.cid))}`
    await sandbox.carpark.store.put(key, shard.bytes)
    const oldUrl = `${sandbox.carpark.service.url}/${key}`
    await sandbox.indexer.publishLocationClaim(
      await oldClaim(shard.cid, oldUrl)
    )
    const [result] = await publishLocationClaims(deps, {
      space,
      shards: [shard.input],
    })
    assert.equal(result?.location, oldUrl)
    const [claim] = await indexedClaims(shard.cid, space)
    assert.equal(claim?.location, oldUrl)
    const [job] = await jobsFor('blob', space, shard.cid)
    assert.match(
      job?.Message.Provider.Addrs[1] ?? '',
      /http-path\/old-bucket%2F%7Bblob%7D%2F%7Bblob%7D\.blob$/
    )
  })

  it('fails with a TransientError carrying Retry-After when the indexer is unavailable', async () => {
    const shard = await seedShard('blob')
    const space = await newSpace()
    sandbox.indexer.faults.next('error')
    await assert.rejects(
      publishLocationClaims(deps, { space, shards: [shard.input] }),
      (err) => err instanceof TransientError && /503/.test(err.message)
    )
    sandbox.indexer.faults.next('rate-limit')
    await assert.rejects(
      publishLocationClaims(deps, { space, shards: [shard.input] }),
      (err) => err instanceof TransientError && err.retryAfterMs === 1000
    )
  })

  it('fails with a TransientError when the indexer drops the connection or hangs', async () => {
    const shard = await seedShard('blob')
    const space = await newSpace()
    sandbox.indexer.faults.next('reset')
    await assert.rejects(
      publishLocationClaims(deps, { space, shards: [shard.input] }),
      (err) => err instanceof TransientError
    )
    sandbox.indexer.faults.next('hang')
    await assert.rejects(
      publishLocationClaims(
        { ...deps, indexer: await indexerWith({ timeoutMs: 300 }) },
        { space, shards: [shard.input] }
      ),
      (err) => err instanceof TransientError && /timed out/.test(err.message)
    )
  })

  it('fails permanently with the receipt error name when the proof is for someone else', async () => {
    const shard = await seedShard('blob')
    const proof = await delegate({
      issuer: sandbox.ids.indexer,
      audience: await ed25519.generate(),
      capabilities: [{ can: 'claim/cache', with: sandbox.ids.indexer.did() }],
      expiration: Infinity,
    })
    const wrong: LocationClaimsPorts = {
      ...deps,
      indexer: await indexerWith({ proof }),
    }
    await assert.rejects(
      publishLocationClaims(wrong, {
        space: await newSpace(),
        shards: [shard.input],
      }),
      (err) =>
        err instanceof ServiceRejected &&
        err instanceof PermanentError &&
        err.serviceError === 'Unauthorized'
    )
  })
})

/** The sandbox indexer's port with other options than the worker's. */
async function indexerWith(
  options: Partial<Parameters<typeof createIndexer>[0]>
) {
  return createIndexer({
    url: sandbox.indexer.url,
    did: sandbox.indexer.did,
    proof: await parseProof(sandbox.env.INDEXING_SERVICE_PROOF ?? ''),
    timeoutMs: 5_000,
    ...options,
  })
}

interface SeededShard {
  cid: CID
  bytes: Uint8Array
  input: ShardInput
}

async function seedShard(
  protocol: ShardInput['protocol'],
  { inCarpark = true } = {}
): Promise<SeededShard> {
  const { shards } = await encodeUpload(randomBytes(4096))
  const { cid, bytes } = shards[0]!
  const key = protocol === 'blob' ? blobKey(z(cid)) : carKey(cid.toString())
  if (inCarpark) await sandbox.carpark.store.put(key, bytes)
  return {
    cid,
    bytes,
    input: { cid: cid.toString(), size: bytes.length, protocol },
  }
}

const newSpace = async () => (await ed25519.generate()).did()

const z = (cid: CID) => base58btc.encode(cid.multihash.bytes)

/** An earlier claim without a space, as the content claims service holds for old uploads. */
function oldClaim(cid: CID, url: string) {
  const issuer = sandbox.ids.uploadService
  return Assert.location.delegate({
    issuer,
    audience: issuer,
    with: issuer.did(),
    nb: {
      content: { digest: cid.multihash.bytes },
      location: [url as `${string}:${string}`],
    },
    expiration: Infinity,
  })
}

/** Location claims the indexer returns for the shard, filtered to the space. */
async function indexedClaims(cid: CID, space: string) {
  const result = await indexer.queryClaims({
    hashes: [cid.multihash],
    match: { subject: [space as `did:key:${string}`] },
  })
  assert.ok(result.ok, result.error?.message)
  return [...result.ok.claims.values()].flatMap((claim) =>
    claim.type === 'assert/location' && claim.space
      ? [
          {
            claim: claim.delegation().cid.toString(),
            space: claim.space.did(),
            location: String(claim.location[0]),
          },
        ]
      : []
  )
}

interface QueuedJob {
  JobID: string
  Message: {
    ContextID: string
    Metadata: string
    Provider: { ID: string; Addrs: string[] }
  }
}

/** Jobs in the protocol's FIFO queue whose context ID is sha256(DID bytes ‖ multihash). */
async function jobsFor(
  protocol: ShardInput['protocol'],
  space: string,
  cid: CID
): Promise<QueuedJob[]> {
  const did = DID.parse(space as `did:${string}:${string}`)
  const expected = (
    await sha256.digest(Uint8Array.from([...did, ...cid.multihash.bytes]))
  ).bytes
  return sandbox.s3sqs
    .queueMessages(QUEUE[protocol])
    .map((m) => JSON.parse(m.body) as QueuedJob)
    .filter((job) =>
      Buffer.from(job.Message.ContextID, 'base64').equals(expected)
    )
}
