import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { describe, it } from 'node:test'
import * as ClaimCapabilities from '@storacha/capabilities/claim'
import { ed25519, Verifier } from '@ucanto/principal'
import { access } from '@ucanto/validator'
import { CID } from 'multiformats/cid'
import { loadConfig } from '../../src/config/index.js'
import { generateEncryptionKey } from '../../src/client/keys/encryption-key.js'
import { createIndexingProof } from '../../src/client/keys/indexing-proof.js'
import {
  decryptSpaceKey,
  encryptSpaceKey,
} from '../../src/migration/space/key-encryption.js'
import { parseProof } from '../../src/services/indexer/proof.js'

const INDEXER_DID = 'did:web:indexer.example'
const indexerKey = await ed25519.generate()
const uploadServiceKey = await ed25519.generate()
const KEY = ed25519.format(uploadServiceKey)
const invoker = uploadServiceKey.did()

/** The signing settings of a worker, with `overrides`, through our own loader. */
const signingOf = (overrides: Record<string, string>) =>
  loadConfig(
    {
      STORACHA_ENV: 'production',
      UPLOAD_SERVICE_PRIVATE_KEY: KEY,
      GATEWAY_PRIVATE_KEY: KEY,
      MIGRATION_AGENT_PRIVATE_KEY: KEY,
      INDEXING_SERVICE_PROOF: 'unset',
      MIGRATION_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      ...overrides,
    },
    ['signing']
  ).signing

/** Runs the CLI in a child process, without a .env file. */
function cli(args: string[], env: Record<string, string> = {}) {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'src/client/main.ts', ...args],
    {
      encoding: 'utf8',
      env: { ...process.env, ENV_FILE: '/nonexistent/.env', ...env },
    }
  )
  return { code: run.status, stdout: run.stdout, stderr: run.stderr }
}

describe('keys proof', () => {
  it('delegates claim/cache on the indexer, from the indexer to the workers’ did:key, with no expiry, in the form the config loader reads', async () => {
    const { proof } = await createIndexingProof({
      issuerKey: ed25519.format(indexerKey),
      issuerDid: INDEXER_DID,
      audience: invoker,
    })

    const signing = signingOf({ INDEXING_SERVICE_PROOF: proof })
    const delegation = await parseProof(signing.indexingServiceProof)
    assert.equal(delegation.issuer.did(), INDEXER_DID)
    assert.equal(delegation.audience.did(), invoker)
    assert.deepEqual(
      delegation.capabilities.map((c) => ({ ...c })),
      [{ can: 'claim/cache', with: INDEXER_DID }]
    )
    assert.equal(delegation.expiration, Infinity)
  })

  it('authorizes a claim/cache invoked by the upload service’s did:key, as the indexer validates it, and nobody else', async () => {
    const { proof } = await createIndexingProof({
      issuerKey: ed25519.format(indexerKey),
      issuerDid: INDEXER_DID,
      audience: invoker,
    })
    const delegation = await parseProof(proof)
    const authority = indexerKey.withDID(INDEXER_DID)
    const claim = CID.parse(
      'bafyreid5bepakul723p7nhm7umd35adnghhuucvejcv2ceh3r5vbvovyxq'
    ).toV1()
    const check = async (issuer: typeof uploadServiceKey) => {
      const invocation = await ClaimCapabilities.cache
        .invoke({
          issuer,
          audience: authority,
          with: INDEXER_DID,
          nb: { claim, provider: { addresses: [] } },
          proofs: [delegation],
        })
        .delegate()
      return access(invocation, {
        capability: ClaimCapabilities.cache,
        authority,
        principal: Verifier,
        validateAuthorization: () => ({ ok: {} }),
      })
    }
    const allowed = await check(uploadServiceKey)
    assert.equal(allowed.error, undefined, String(allowed.error?.message))
    const stranger = await check(await ed25519.generate())
    assert.ok(stranger.error, 'another key is not authorized by the proof')
  })

  it('prints the proof alone on stdout, the audience defaulting to UPLOAD_SERVICE_PRIVATE_KEY’s did:key, and no key anywhere', async () => {
    const issuer = ed25519.format(indexerKey)
    const run = cli(['keys', 'proof', '--issuer', issuer, '-d', INDEXER_DID], {
      UPLOAD_SERVICE_PRIVATE_KEY: KEY,
    })
    assert.equal(run.code, 0, run.stderr)
    const lines = run.stdout.split('\n').filter(Boolean)
    assert.equal(lines.length, 1)
    const delegation = await parseProof(lines[0]!)
    assert.equal(delegation.audience.did(), invoker)
    assert.equal(delegation.issuer.did(), INDEXER_DID)
    assert.match(run.stderr, new RegExp(`audience: +${invoker}`))
    for (const secret of [issuer, KEY])
      assert.ok(!`${run.stdout}${run.stderr}`.includes(secret))
  })

  it('refuses a malformed issuer key without quoting it, and a missing audience', () => {
    const bad = cli(['keys', 'proof', '--issuer', 'MgCZnotakeynotakey'], {
      UPLOAD_SERVICE_PRIVATE_KEY: KEY,
    })
    assert.equal(bad.code, 2)
    assert.match(bad.stderr, /not an ed25519 private key/)
    assert.ok(!bad.stderr.includes('MgCZnotakeynotakey'))
    assert.equal(bad.stdout, '')
    const noAudience = cli(['keys', 'proof', '-i', ed25519.format(indexerKey)])
    assert.equal(noAudience.code, 2)
    assert.match(noAudience.stderr, /--audience is needed/)
  })
})

describe('keys encryption-key', () => {
  it('prints a fresh key the config loader accepts and the space-key encryption round-trips under', async () => {
    const run = cli(['keys', 'encryption-key'])
    assert.equal(run.code, 0, run.stderr)
    const printed = run.stdout.trim()
    const { encryptionKey } = signingOf({
      INDEXING_SERVICE_PROOF: (
        await createIndexingProof({
          issuerKey: ed25519.format(indexerKey),
          audience: invoker,
        })
      ).proof,
      MIGRATION_ENCRYPTION_KEY: printed,
    })
    assert.equal(encryptionKey.length, 32)
    const spaceKey = ed25519.format(await ed25519.generate())
    const stored = encryptSpaceKey(spaceKey, encryptionKey)
    assert.equal(decryptSpaceKey(stored, encryptionKey), spaceKey)
    assert.ok(!stored.includes(spaceKey))
    assert.notEqual(generateEncryptionKey(), generateEncryptionKey())
  })
})
