/**
 * Loaded into a benchmarked worker process with `--import` before the entry point: counts the
 * process's outbound HTTP requests by origin (undici's diagnostics channel, which sees `fetch`
 * and undici's own clients alike) and its AWS SDK requests by service, and answers the message
 * `bench:counters` on the IPC channel with both. Counting is a map increment per request.
 */
import { subscribe } from 'node:diagnostics_channel'
import { installAwsCounter } from './measure.js'

/** The answer to `bench:counters`. */
export interface ProbeCounters {
  http: Record<string, number>
  aws: Record<string, number>
}

const http = new Map<string, number>()
subscribe('undici:request:create', (message) => {
  const { origin } = (message as { request: { origin: string } }).request
  http.set(origin, (http.get(origin) ?? 0) + 1)
})
const aws = installAwsCounter()

process.on('message', (message) => {
  if (message !== 'bench:counters') return
  const counters: ProbeCounters = {
    http: Object.fromEntries(http),
    aws: Object.fromEntries(aws.snapshot()),
  }
  process.send?.(counters)
})
// The channel must not keep the worker alive once it has drained.
process.channel?.unref()
