import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { type InstanceFile, instanceFileName } from '../shared/instance-file.js'
import { runPool } from './pool.js'
import { type RetryOptions, withRetry } from './retry.js'
import type {
  CustomerCount,
  DistributionTables,
  InstancePlan,
} from './types.js'

/** The file of an instance, as `readCustomersFile` and `migrate --customers-file` read it. */
export const instanceFileOf = (
  instance: InstancePlan,
  env: string,
  createdAt: string
): InstanceFile => ({
  instanceId: String(instance.instance),
  environment: env,
  customers: instance.customers,
  estimatedUploads: instance.uploads,
  estimatedSpaces: instance.spaces,
  createdAt,
})

/**
 * Writes one file per instance (each written aside and renamed into place), then removes the
 * files of higher-numbered instances an earlier, larger distribution of this environment left,
 * so that no stale file assigns a customer twice. Returns the paths written and removed.
 */
export async function writeInstanceFiles(
  outDir: string,
  env: string,
  plan: readonly InstancePlan[],
  now = new Date()
): Promise<{ written: string[]; removed: string[] }> {
  await mkdir(outDir, { recursive: true })
  const written: string[] = []
  for (const instance of plan) {
    const path = join(outDir, instanceFileName(instance.instance, env))
    const file = instanceFileOf(instance, env, now.toISOString())
    await writeFile(`${path}.tmp`, JSON.stringify(file, null, 2) + '\n')
    await rename(`${path}.tmp`, path)
    written.push(path)
  }
  const removed: string[] = []
  for (const name of await readdir(outDir)) {
    const n = instanceNumberOf(name, env)
    if (n !== undefined && n > plan.length) {
      await rm(join(outDir, name), { force: true })
      removed.push(join(outDir, name))
    }
  }
  return { written, removed }
}

/** The instance number of an instance file of `env`, if the name is one. */
export function instanceNumberOf(
  name: string,
  env: string
): number | undefined {
  const [prefix, suffix] = instanceFileName('\0', env).split('\0')
  if (!name.startsWith(prefix as string) || !name.endsWith(suffix as string))
    return undefined
  const middle = name.slice(prefix?.length, name.length - (suffix?.length ?? 0))
  return /^[1-9][0-9]*$/.test(middle) ? Number(middle) : undefined
}

export interface AssignOptions {
  /** The include filter, recorded on every row. */
  filter?: string
  concurrency?: number
  retry?: RetryOptions
  signal?: AbortSignal
  onProgress?: (done: number) => void
}

/**
 * Writes each planned customer's row in migration-customers: instance (as a string, the key of
 * `instance-index`), uploads, spaces and filter. A completed customer's row is left as it is; those
 * customers are returned. A throttled write is retried; one that still fails fails the run, where
 * the original ignored unprocessed items.
 */
export async function assignCustomers(
  table: DistributionTables['migrationCustomers'],
  plan: readonly InstancePlan[],
  counts: ReadonlyMap<string, CustomerCount>,
  { filter, concurrency = 20, retry, signal, onProgress }: AssignOptions = {}
): Promise<{ assigned: number; keptCompleted: string[] }> {
  const rows = plan.flatMap((instance) =>
    instance.customers.map((customer) => ({
      customer,
      instanceId: String(instance.instance),
    }))
  )
  let assigned = 0
  const keptCompleted: string[] = []
  await runPool(
    rows,
    concurrency,
    async ({ customer, instanceId }) => {
      const count = counts.get(customer)
      const written = await withRetry(
        () =>
          table.assign(customer, {
            instanceId,
            totalUploads: count?.uploads ?? 0,
            totalSpaces: count?.spaces ?? 0,
            ...(filter === undefined ? {} : { filter }),
          }),
        retry
      )
      if (written) assigned++
      else keptCompleted.push(customer)
      onProgress?.(assigned + keptCompleted.length)
    },
    signal
  )
  return { assigned, keptCompleted }
}

/** Rows an earlier distribution assigned to an instance, for customers outside this plan. */
export interface StaleAssignments {
  count: number
  examples: { customer: string; instanceId: string }[]
}

/**
 * Customers not completed, assigned to an instance, but not in this plan (an earlier run with
 * another filter or more instances): the instance workflow still finds them by instance.
 */
export async function findStaleAssignments(
  table: DistributionTables['migrationCustomers'],
  planned: ReadonlySet<string>,
  examples = 5
): Promise<StaleAssignments> {
  const stale: StaleAssignments = { count: 0, examples: [] }
  for await (const page of table.scanAll())
    for (const row of page) {
      if (
        row.instanceId === undefined ||
        row.status === 'completed' ||
        planned.has(row.customer)
      )
        continue
      stale.count++
      if (stale.examples.length < examples)
        stale.examples.push({
          customer: row.customer,
          instanceId: row.instanceId,
        })
    }
  return stale
}
