/**
 * The day-one dangers as campaign phases: the upload service's write kill-switch, which must
 * pause the migration with no upload failed until an operator resumes it, and poison roots,
 * which must fail alone with their reason and migrate once the indexer answers again.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import type { WorkflowHandle } from '@temporalio/client'
import { base58btc } from 'multiformats/bases/base58'
import { CID } from 'multiformats/cid'
import type { Sandbox } from '../../src/sandbox/sandbox.js'
import type { SeededRandom } from '../../src/sandbox/seed/random.js'
import type { SeededUpload } from '../../src/sandbox/seed/seed-legacy-world.js'
import {
  pauseSignal,
  progressQuery,
  resumeSignal,
} from '../../src/workflows/signals.js'
import type { Progress } from '../../src/workflows/types.js'
import type { UploadFailure } from '../../src/services/dynamo/migration-failures-table.js'
import type { Check } from './checks.js'

export interface RefusalRecord {
  /** When the switch went off, ms since the epoch. */
  at: number
  /** How long until the instance said it paused; undefined if it never did. */
  pausedAfterMs?: number
  pausedBecause?: string
  /** How long the switch stayed off. */
  offMs: number
  resumed: boolean
}

/**
 * Turns the write kill-switch on until the instance reports that it paused (at most `maxMs`),
 * keeps it on a moment longer, turns it off and resumes the instance as an operator would
 * (`control resume --instance`), retrying the signal across a server outage.
 */
export async function refuseWritesOnce(
  sandbox: Sandbox,
  instance: WorkflowHandle,
  {
    maxMs = 45_000,
    holdMs = 3_000,
    log,
  }: { maxMs?: number; holdMs?: number; log: (line: string) => void }
): Promise<RefusalRecord> {
  const at = Date.now()
  sandbox.uploadService.writes.disabled = true
  log(
    'write kill-switch on: the upload service refuses writes (ServiceUnavailable)'
  )
  let paused: Progress | undefined
  while (!paused && Date.now() - at < maxMs) {
    const progress = await instance.query(progressQuery).catch(() => undefined)
    if (progress?.paused && progress.pausedBecause) paused = progress
    else await sleep(500)
  }
  const pausedAfterMs = paused ? Date.now() - at : undefined
  await sleep(holdMs)
  sandbox.uploadService.writes.disabled = false
  const offMs = Date.now() - at
  const resumed = await signalWithin(instance, resumeSignal, 60_000)
  log(
    `write kill-switch off after ${(offMs / 1000).toFixed(1)} s; ${paused ? `the instance paused after ${((pausedAfterMs ?? 0) / 1000).toFixed(1)} s (${paused.pausedBecause})` : 'the instance never said it paused'}; resume ${resumed ? 'sent' : 'NOT sent'}`
  )
  return {
    at,
    pausedAfterMs,
    pausedBecause: paused?.pausedBecause,
    offMs,
    resumed,
  }
}

/**
 * The refusal's pause and resume without the refusal, for the fault-free yardstick: an operator
 * pauses the instance (`control pause`), waits until it says so and as long again as a refusal is
 * held, and resumes it, so that the fan-out of both signals is paid by both campaigns.
 */
export async function pauseAsOperatorOnce(
  instance: WorkflowHandle,
  { holdMs = 3_000, log }: { holdMs?: number; log: (line: string) => void }
): Promise<boolean> {
  const at = Date.now()
  const paused = await signalWithin(instance, pauseSignal, 60_000)
  while (paused && Date.now() - at < 45_000) {
    const progress = await instance.query(progressQuery).catch(() => undefined)
    if (progress?.paused) break
    await sleep(500)
  }
  await sleep(holdMs)
  const resumed = paused && (await signalWithin(instance, resumeSignal, 60_000))
  log(
    `operator pause for ${((Date.now() - at) / 1000).toFixed(1)} s; resume ${resumed ? 'sent' : 'NOT sent'}`
  )
  return resumed
}

async function signalWithin(
  instance: WorkflowHandle,
  signal: typeof pauseSignal | typeof resumeSignal,
  ms: number
) {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    const sent = await instance.signal(signal).then(
      () => true,
      () => false
    )
    if (sent) return true
    await sleep(1_000)
  }
  return false
}

export function refusalChecks(
  records: readonly RefusalRecord[],
  planned: number
): Check[] {
  return [
    {
      name: 'refused writes paused the migration, and resume lifted it',
      ok:
        records.length === planned &&
        records.every((r) => r.pausedAfterMs !== undefined && r.resumed),
      detail:
        records.length === 0
          ? `none of ${planned} planned`
          : records
              .map((r) =>
                r.pausedAfterMs === undefined
                  ? 'never paused'
                  : `paused after ${(r.pausedAfterMs / 1000).toFixed(1)} s (${r.pausedBecause}), off ${(r.offMs / 1000).toFixed(1)} s, ${r.resumed ? 'resumed' : 'not resumed'}`
              )
              .join('; '),
    },
  ]
}

/**
 * Picks `count` uploads the migration would otherwise migrate, each in a different space, and
 * makes the indexer answer 500 to any query naming their roots.
 */
export function poisonRoots(
  sandbox: Sandbox,
  uploads: readonly SeededUpload[],
  count: number,
  random: SeededRandom
): SeededUpload[] {
  const candidates = uploads.filter(
    (u) => u.quirk === 'normal' && u.state === 'not-started'
  )
  const picked: SeededUpload[] = []
  const spaces = new Set<string>()
  while (picked.length < count && candidates.length > 0) {
    const [u] = candidates.splice(
      Math.floor(random.next() * candidates.length),
      1
    )
    if (!u || spaces.has(u.space)) continue
    spaces.add(u.space)
    picked.push(u)
  }
  for (const u of picked)
    sandbox.indexer.failingQueries.set(digestOf(u.root), 0)
  return picked
}

/** Each poison root failed at check with the indexer's 500 (the rest of its space went on). */
export function poisonCheck(
  poison: readonly SeededUpload[],
  rows: ReadonlyMap<string, UploadFailure>
): Check {
  const wrong = poison
    .map((u) => ({ u, row: rows.get(`${u.space} ${u.root}`) }))
    .filter(({ row }) => row?.reason !== 'INDEXING_SERVICE_500')
    .map(({ u, row }) => `${u.root}: ${row ? row.reason : 'no failure row'}`)
  return {
    name: 'poison roots failed alone with INDEXING_SERVICE_500',
    ok: wrong.length === 0,
    detail:
      wrong.length === 0
        ? `${poison.length} of ${poison.length}`
        : wrong.join('; '),
  }
}

/** The indexer answers for the poison roots again (before the failures are re-driven). */
export function curePoison(sandbox: Sandbox, poison: readonly SeededUpload[]) {
  for (const u of poison)
    sandbox.indexer.failingQueries.delete(digestOf(u.root))
}

const digestOf = (root: string) =>
  base58btc.encode(CID.parse(root).multihash.bytes)
