import { DefaultLogger, type LogEntry, type LogLevel } from '@temporalio/worker'

/** One JSON object per line on stderr: what log shippers on EC2 hosts expect. */
export function jsonLogger(level: LogLevel = 'INFO'): DefaultLogger {
  return new DefaultLogger(level, (entry: LogEntry) => {
    const { message, level: severity, meta } = entry
    const time = new Date(Number(entry.timestampNanos / 1_000_000n))
    process.stderr.write(
      `${JSON.stringify({ time: time.toISOString(), level: severity, message, ...plain(meta) })}\n`
    )
  })
}

/** Errors become their message and name; anything else that JSON cannot hold is dropped. */
function plain(meta: Record<string, unknown> | undefined) {
  if (!meta) return {}
  return Object.fromEntries(
    Object.entries(meta).map(([key, value]) => [
      key,
      value instanceof Error
        ? { name: value.name, message: value.message }
        : typeof value === 'bigint'
          ? String(value)
          : value,
    ])
  )
}
