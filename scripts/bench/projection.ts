/** A model of the whole migration from one run's per-process figures: not a measurement. */

export interface ProjectionInput {
  /** Measured: uploads/s of one worker process at the run's latency and in-flight count. */
  uploadsPerSecondPerProcess: number
  /** Measured: worker CPU per upload, every thread. */
  cpuMsPerUpload: number
  /** Measured: requests per upload, by service (what the workers sent). */
  requestsPerUpload: Record<string, number>
  /** Measured: billable Temporal actions per upload. */
  actionsPerUpload: number
  /** Assumed: worker hosts, their cores (one worker process per core), uploads to migrate. */
  hosts: number
  coresPerHost: number
  uploads: number
}

export interface Projection {
  /** Per host: processes × the measured rate, or what its cores allow, whichever is lower. */
  uploadsPerSecondPerHost: number
  bound: 'latency and in-flight' | 'CPU'
  uploadsPerSecond: number
  hours: number
  /** Requests/s each service would see from the whole fleet. */
  requestsPerSecond: Record<string, number>
  actions: number
}

export function project(input: ProjectionInput): Projection {
  const byLatency = input.uploadsPerSecondPerProcess * input.coresPerHost
  const byCpu =
    input.cpuMsPerUpload > 0
      ? (input.coresPerHost * 1000) / input.cpuMsPerUpload
      : Infinity
  const perHost = Math.min(byLatency, byCpu)
  const fleet = perHost * input.hosts
  return {
    uploadsPerSecondPerHost: perHost,
    bound: byCpu < byLatency ? 'CPU' : 'latency and in-flight',
    uploadsPerSecond: fleet,
    hours: fleet > 0 ? input.uploads / fleet / 3600 : Infinity,
    requestsPerSecond: Object.fromEntries(
      Object.entries(input.requestsPerUpload).map(([service, n]) => [
        service,
        n * fleet,
      ])
    ),
    actions: input.actionsPerUpload * input.uploads,
  }
}
