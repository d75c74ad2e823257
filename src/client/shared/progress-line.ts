import { formatCount, formatPercent } from './format.js'
import { etaOf } from './rate.js'

export interface ProgressSample {
  /** Uploads this run processed (migrated, already migrated or failed). */
  done: number
  failed: number
  /** Uploads of spaces an earlier run completed, skipped by this one: done, but not this run's rate. */
  skipped?: number
  /** Uploads in scope: the plan's, or the space's count. */
  total?: number
  /** Spaces migrating now. */
  running?: number
  paused?: boolean
  /** Why the migration paused itself (a service refusing it). */
  pausedBecause?: string
}

const BAR_WIDTH = 24

/**
 * One line of live progress: a bar and a share when the total is known, counts, the rate
 * (uploads per second, `perSecond`, undefined until measured) and the ETA at that rate.
 */
export function progressLine(
  sample: ProgressSample,
  perSecond: number | undefined
): string {
  const done = sample.done + (sample.skipped ?? 0)
  const parts: string[] = []
  // A plan made before uploads were added (or a count still under way) is short: never past 100%.
  const total =
    sample.total === undefined ? undefined : Math.max(sample.total, done)
  if (total !== undefined && total > 0)
    parts.push(
      `${bar(done, total)} ${formatPercent(done, total)}`,
      `${formatCount(done)}/${formatCount(total)} uploads`
    )
  else parts.push(`${formatCount(done)} uploads`)
  parts.push(perSecond === undefined ? '–/s' : `${perSecond.toFixed(1)}/s`)
  const eta = total === undefined ? undefined : etaOf(total - done, perSecond)
  if (eta !== undefined) parts.push(`ETA ${duration(eta)}`)
  if (sample.skipped)
    parts.push(`${formatCount(sample.skipped)} completed before, skipped`)
  // Done counts the failed uploads too: say how many of the done ones really migrated.
  if (sample.failed > 0)
    parts.push(
      `${formatCount(Math.max(0, done - sample.failed))} migrated, ${formatCount(sample.failed)} failed`
    )
  if (sample.running !== undefined) parts.push(`${sample.running} running`)
  if (sample.pausedBecause) parts.push(`PAUSED: ${sample.pausedBecause}`)
  else if (sample.paused) parts.push('PAUSED')
  return parts.join(' · ')
}

/** "[######..................]": full only when every upload is done. */
export function bar(done: number, total: number): string {
  const share = Math.min(1, done / total)
  const filled =
    done < total
      ? Math.min(BAR_WIDTH - 1, Math.floor(share * BAR_WIDTH))
      : BAR_WIDTH
  return `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}]`
}

export function duration(seconds: number): string {
  const s = Math.round(seconds)
  if (s < 60) return `${s}s`
  if (s < 3600)
    return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`
  const h = Math.floor(s / 3600)
  if (h < 48)
    return `${h}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`
  return `${(s / 86400).toFixed(1)} days`
}
