import type { Output } from '../../shared/output.js'

export const DEFAULT_PROGRESS_INTERVAL_MS = 5_000

/**
 * A progress line redrawn every interval: in place on a terminal, as plain lines otherwise (a log
 * file gets one line per interval). `stop` writes the final state once.
 */
export function startProgress(
  out: Output,
  line: (elapsedMs: number) => string,
  { intervalMs = DEFAULT_PROGRESS_INTERVAL_MS, now = () => Date.now() } = {}
) {
  const started = now()
  const draw = (final: boolean) => {
    const text = line(now() - started)
    if (out.isTTY) out.write(`\r\x1b[2K${text}${final ? '\n' : ''}`)
    else out.write(`${text}\n`)
  }
  const timer = setInterval(() => draw(false), intervalMs)
  timer.unref()
  return {
    stop() {
      clearInterval(timer)
      draw(true)
    },
    /** A line of its own (a retry notice) that does not break the progress line. */
    note(text: string) {
      out.write(out.isTTY ? `\r\x1b[2K${text}\n` : `${text}\n`)
    },
  }
}

/** Per second, one decimal: 12345 items in 10,000 ms → "1,234.5". */
export const perSecond = (count: number, elapsedMs: number): string =>
  (elapsedMs > 0 ? (count / elapsedMs) * 1000 : 0).toLocaleString('en-US', {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  })

/** Seconds, one decimal. */
export const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)}s`
