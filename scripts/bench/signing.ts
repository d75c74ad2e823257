/**
 * `npm run bench -- signing`: ed25519 signatures, verifications and UCAN invocations per second,
 * `@ucanto/principal` (@noble/ed25519) next to `src/principal` (node:crypto), one at a time as
 * the worker awaits them, with the CPU each takes. Needs no stack. Prints figures only.
 *   npm run bench -- signing --seconds 2 --payload 512
 */
import { randomBytes } from 'node:crypto'
import * as Assert from '@storacha/capabilities/assert'
import type { Signer, Verifier as AnyVerifier } from '@ucanto/interface'
import {
  ed25519 as reference,
  Verifier as ReferenceVerifier,
} from '@ucanto/principal'
import type { CommandModule } from 'yargs'
import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'
import { ed25519, Verifier } from '../../src/principal/index.js'
import { fixed, int, section, table } from './table.js'

interface Implementation {
  name: string
  derive: (secret: Uint8Array) => Promise<Signer>
  /** As ucanto's validator does: the issuer's DID parsed for every check. */
  verifier: (did: `did:${string}:${string}`) => AnyVerifier
}

const IMPLEMENTATIONS: Implementation[] = [
  {
    name: '@ucanto/principal (@noble/ed25519)',
    derive: reference.derive,
    verifier: (did) => ReferenceVerifier.parse(did),
  },
  {
    name: 'node:crypto (src/principal)',
    derive: ed25519.derive,
    verifier: (did) => Verifier.parse(did),
  },
]

interface Rate {
  perSecond: number
  cpuMicrosPerOp: number
}

export interface SigningRow extends Rate {
  operation: string
  implementation: string
}

interface SigningArgs {
  seconds: number
  payload: number
}

export const signingCommand: CommandModule<object, SigningArgs> = {
  command: 'signing',
  describe:
    'ed25519 signatures and verifications per second, @noble next to node:crypto',
  builder: (argv) =>
    argv
      .option('seconds', {
        type: 'number',
        default: 2,
        describe: 'per operation and implementation',
      })
      .option('payload', {
        type: 'number',
        default: 512,
        describe: 'bytes signed (a UCAN signing payload is a few hundred)',
      }) as never,
  async handler(argv) {
    printSigning(await runSigning(argv))
  },
}

export async function runSigning({
  seconds,
  payload,
}: SigningArgs): Promise<SigningRow[]> {
  const secret = new Uint8Array(randomBytes(32))
  const bytes = new Uint8Array(randomBytes(payload))
  const rows: SigningRow[] = []
  for (const implementation of IMPLEMENTATIONS) {
    const signer = await implementation.derive(secret)
    const signature = await signer.sign(bytes)
    const operations: Record<string, () => Promise<unknown>> = {
      sign: async () => signer.sign(bytes),
      verify: async () => {
        const ok = await implementation
          .verifier(signer.did())
          .verify(bytes, signature)
        if (!ok) throw new Error(`${implementation.name} refused a signature`)
      },
      'issue assert/location': issueLocationClaim(signer),
    }
    for (const [operation, op] of Object.entries(operations))
      rows.push({
        operation,
        implementation: implementation.name,
        ...(await rate(seconds, op)),
      })
  }
  return rows
}

/** A fresh location claim per call (other content each time), signed and encoded. */
function issueLocationClaim(issuer: Signer) {
  let n = 0
  return async () => {
    const content = await sha256.digest(new TextEncoder().encode(`${n++}`))
    const cid = CID.createV1(0x55, content)
    return Assert.location
      .invoke({
        issuer,
        audience: issuer,
        with: issuer.did(),
        nb: {
          content: { digest: content.bytes },
          location: [`http://carpark.local/${cid.toString()}` as const],
          range: { offset: 0, length: 1024 },
        },
        expiration: Infinity,
      })
      .delegate()
  }
}

/** Operations per second, one awaited at a time, after a warm-up, and CPU µs per operation. */
async function rate(seconds: number, op: () => Promise<unknown>) {
  for (let i = 0; i < 200; i++) await op()
  const cpu = process.cpuUsage()
  const started = process.hrtime.bigint()
  const until = started + BigInt(Math.round(seconds * 1e9))
  let count = 0
  while (count % 32 !== 0 || process.hrtime.bigint() < until) {
    await op()
    count++
  }
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9
  const used = process.cpuUsage(cpu)
  return {
    perSecond: count / elapsed,
    cpuMicrosPerOp: (used.user + used.system) / count,
  } satisfies Rate
}

export function printSigning(rows: SigningRow[]): void {
  section('signing (ed25519, one at a time)')
  const baseline = (operation: string) =>
    rows.find(
      (row) =>
        row.operation === operation &&
        row.implementation === IMPLEMENTATIONS[0]?.name
    )
  console.log(
    table(
      ['operation', 'implementation', 'per s', 'CPU µs/op', 'speed-up'],
      rows.map((row) => [
        row.operation,
        row.implementation,
        int(row.perSecond),
        fixed(row.cpuMicrosPerOp),
        fixed(row.perSecond / (baseline(row.operation)?.perSecond ?? NaN), 2),
      ])
    )
  )
}
