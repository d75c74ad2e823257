import { startToxiproxy } from '../../stack/toxiproxy-server.js'
import type { Toxic, ToxiproxyClient } from '../../stack/toxiproxy-client.js'
import { AWS_SERVICES, type AwsService } from './aws-error-answers.js'
import { type AwsFaultProxy, startAwsFaultProxy } from './aws-fault-proxy.js'

/** The worker-side variables of each service's endpoint. */
const ENDPOINT_VARS: Record<AwsService, string> = {
  dynamodb: 'DYNAMODB_ENDPOINT',
  s3: 'S3_ENDPOINT',
  sqs: 'SQS_ENDPOINT',
}

/** A toxic on a service, counted by the requests that passed while it was on. */
export interface ToxicCount {
  /** Times it was put on. */
  windows: number
  /** Requests the fault proxy answered while it was on (their answers met the toxic). */
  requests: number
}

export interface FaultedAws {
  /** DYNAMODB_ENDPOINT, S3_ENDPOINT, SQS_ENDPOINT through the faults, for workers. */
  env: Record<string, string>
  /** The HTTP fault layer of each service (AWS error answers and hangs). */
  http: Record<AwsService, AwsFaultProxy>
  toxiproxy: ToxiproxyClient
  /** Puts `toxic` on `service` (downstream: what it does meets the answers); `off` takes it away. */
  toxic(service: AwsService, toxic: Toxic): Promise<{ off(): Promise<void> }>
  /** Toxics put on so far, by service and toxic name. */
  toxicCounts(): Record<AwsService, Record<string, ToxicCount>>
  /** Takes every toxic and HTTP fault away, and drops the connections they hold. */
  clear(): Promise<void>
  stop(): Promise<void>
}

/**
 * Real faults between the workers and DynamoDB Local and the S3/SQS emulator, two layers deep:
 * worker → toxiproxy (TCP: latency, resets, held connections, truncation) → an HTTP fault proxy
 * (AWS throttling and 5xx answers, hangs) → the real endpoint. S3 and SQS share the emulator but
 * get a chain each, so that their faults and counts are their own. Clients that should see no
 * faults (the campaign's own checks, seeding) keep the direct endpoints.
 */
export async function startFaultedAws({
  toxiproxyBinary,
  upstreams,
  logDir,
  random,
}: {
  toxiproxyBinary: string
  upstreams: Record<AwsService, string>
  logDir?: string
  random?: () => number
}): Promise<FaultedAws> {
  const stops: (() => Promise<void>)[] = []
  const stop = async () => {
    while (stops.length > 0) await stops.pop()!().catch(() => undefined)
  }
  try {
    const server = await startToxiproxy({ binary: toxiproxyBinary, logDir })
    stops.push(() => server.stop())
    const http = {} as Record<AwsService, AwsFaultProxy>
    const env: Record<string, string> = {}
    for (const service of AWS_SERVICES) {
      const proxy = await startAwsFaultProxy({
        service,
        upstream: upstreams[service],
        random,
      })
      stops.push(() => proxy.close())
      http[service] = proxy
      const created = await server.client.createProxy({
        name: service,
        listen: '127.0.0.1:0',
        upstream: new URL(proxy.url).host,
      })
      env[ENDPOINT_VARS[service]] = `http://${created.listen}`
    }
    const counts = Object.fromEntries(
      AWS_SERVICES.map((s) => [s, {} as Record<string, ToxicCount>])
    ) as Record<AwsService, Record<string, ToxicCount>>
    return {
      env,
      http,
      toxiproxy: server.client,
      async toxic(service, toxic) {
        const count = (counts[service][toxic.name] ??= {
          windows: 0,
          requests: 0,
        })
        const before = http[service].requests
        await server.client.addToxic(service, toxic)
        count.windows++
        let on = true
        return {
          async off() {
            if (!on) return
            on = false
            // Gone already when `clear` reset toxiproxy meanwhile.
            await server.client
              .removeToxic(service, toxic.name)
              .catch((err: unknown) => {
                if (!String(err).includes(': 404 ')) throw err
              })
            count.requests += http[service].requests - before
          },
        }
      },
      toxicCounts: () => structuredClone(counts),
      async clear() {
        for (const proxy of Object.values(http)) {
          proxy.clear()
          proxy.dropHeld()
        }
        await server.client.reset()
      },
      stop,
    }
  } catch (err) {
    await stop()
    throw err
  }
}
