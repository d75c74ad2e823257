import { formatCount, formatPercent } from './format.js'

export interface ProgressSample {
  done: number
  failed: number
  /** Uploads of spaces an earlier run completed, skipped by this one: done, but not this run's rate. */
  skipped?: number
  total?: number
  running?: number
  paused?: boolean
  /** Why the migration paused itself (a service refusing it). */
  pausedBecause?: string
}

/** A rate and ETA from the first and latest samples of a follow. */
export interface RateWindow {
  startedAt: number
  startDone: number
}

const BAR_WIDTH = 24

/** One line of live progress: a bar when the total is known, counts, rate and ETA. */
export function progressLine(
  sample: ProgressSample,
  window: RateWindow,
  now: number
): string {
  const seconds = Math.max(0.001, (now - window.startedAt) / 1000)
  const rate = (sample.done - window.startDone) / seconds
  const done = sample.done + (sample.skipped ?? 0)
  const parts: string[] = []
  if (sample.total !== undefined && sample.total > 0) {
    const filled = Math.min(
      BAR_WIDTH,
      Math.round((done / sample.total) * BAR_WIDTH)
    )
    parts.push(
      `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${formatPercent(done, sample.total)}`,
      `${formatCount(done)}/${formatCount(sample.total)} uploads`
    )
  } else parts.push(`${formatCount(done)} uploads`)
  parts.push(`${rate.toFixed(1)}/s`)
  if (sample.total !== undefined && rate > 0 && done < sample.total)
    parts.push(`ETA ${duration((sample.total - done) / rate)}`)
  if (sample.skipped)
    parts.push(`${formatCount(sample.skipped)} completed before, skipped`)
  if (sample.failed > 0) parts.push(`${formatCount(sample.failed)} failed`)
  if (sample.running !== undefined) parts.push(`${sample.running} running`)
  if (sample.pausedBecause) parts.push(`PAUSED: ${sample.pausedBecause}`)
  else if (sample.paused) parts.push('PAUSED')
  return parts.join(' · ')
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
