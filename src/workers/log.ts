import { pino, type Logger } from 'pino'
import type { LogLevel } from '@temporalio/worker'

export type { Logger } from 'pino'

/**
 * Field names that hold a secret wherever they appear (top level, or one object down): keys,
 * proofs, delegations, UCAN tokens, AWS and R2 credentials, the Temporal API key, the encryption
 * key, and a configuration's whole signing group.
 */
const SECRET_FIELDS = [
  'key',
  'privateKey',
  'signer',
  'proof',
  'proofs',
  'delegation',
  'delegations',
  'ucan',
  'token',
  'authorization',
  'apiKey',
  'accessKeyId',
  'secretAccessKey',
  'sessionToken',
  'credentials',
  'encryptionKey',
  'uploadServiceKey',
  'gatewayKey',
  'migrationAgentKey',
  'indexingServiceProof',
  'signing',
  'r2',
]

export const REDACT_PATHS = SECRET_FIELDS.flatMap((field) => [
  field,
  `*.${field}`,
])

export const REDACTED = '[redacted]'

/** Values shorter than this are no secret worth scrubbing from text (and too likely to collide). */
const MIN_SECRET_LENGTH = 12

export interface LogOptions {
  /** The worker's `--log-level`. */
  level: LogLevel
  /** Append lines to this file instead of writing them to `fd`. */
  file?: string
  /** 1 (stdout, the default) or 2 (stderr, for commands whose stdout is their output). */
  fd?: 1 | 2
  /**
   * Secret values (keys, proofs, credentials) to scrub from every line, in case one reaches a
   * message or a field the redact paths do not name, e.g. inside an error's text.
   */
  secrets?: readonly string[]
}

/**
 * One JSON object per line, through pino: `level` as its name, `time` as an ISO string. Writes
 * are synchronous (a few lines per page, so the cost is nothing), so that no line is lost when
 * the process exits.
 */
export function createLog(options: LogOptions): Logger {
  const secrets = (options.secrets ?? []).filter(
    (s) => s.length >= MIN_SECRET_LENGTH
  )
  return pino(
    {
      level: options.level.toLowerCase(),
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { err: pino.stdSerializers.err },
      ...(secrets.length > 0
        ? { hooks: { streamWrite: (line) => scrub(line, secrets) } }
        : {}),
    },
    pino.destination(
      options.file
        ? { dest: options.file, append: true, mkdir: true, sync: true }
        : { dest: options.fd ?? 1, sync: true }
    )
  )
}

/** The line with every occurrence of a secret (as JSON would quote it) replaced. */
export function scrub(line: string, secrets: readonly string[]): string {
  let out = line
  for (const secret of secrets) {
    const quoted = JSON.stringify(secret).slice(1, -1)
    if (out.includes(quoted)) out = out.replaceAll(quoted, REDACTED)
  }
  return out
}
