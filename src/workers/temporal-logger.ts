import type { LogLevel, LogMetadata, Logger } from '@temporalio/worker'
import type { Logger as Pino } from 'pino'

const LEVELS = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
} as const satisfies Record<LogLevel, string>

/**
 * The Temporal SDK's logger interface over pino, for `Runtime.install({ logger })` and the
 * worker supervisor: the SDK's lines (and its core's) share the migration's format, level and
 * redaction. pino filters by level, so the SDK's own filter is not needed.
 */
export function temporalLogger(log: Pino): Logger {
  const write = (level: LogLevel, message: string, meta?: LogMetadata) =>
    log[LEVELS[level]](plain(meta), message)
  return {
    log: write,
    trace: (message, meta) => write('TRACE', message, meta),
    debug: (message, meta) => write('DEBUG', message, meta),
    info: (message, meta) => write('INFO', message, meta),
    warn: (message, meta) => write('WARN', message, meta),
    error: (message, meta) => write('ERROR', message, meta),
  }
}

/** Errors become their name and message (stacks stay out of the line); bigints become strings. */
function plain(meta: LogMetadata | undefined): Record<string, unknown> {
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
