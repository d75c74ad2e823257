import { activityInfo, heartbeat } from '@temporalio/activity'
import { ApplicationFailure } from '@temporalio/common'
import type { Activities } from '../../src/activities/index.js'
import {
  type BeginSpaceInput,
  type BeginSpaceResult,
  type ChildFinished,
  type FinishSpaceInput,
  type FinishSpaceResult,
  type GatewayOutcome,
  type ListPageResult,
  NO_UPLOADS,
  type SmallCustomersInput,
  type SmallCustomersResult,
  type SmallSpacesInput,
  type SmallSpacesResult,
  type WindowState,
  type UploadCount,
  type UploadPageInput,
  type UploadPageResult,
} from '../../src/workflows/types.js'
import { addCounts, newWindow } from '../../src/workflows/window-state.js'
import type { ActivityName, FakeWorld } from './fake-world.js'

/**
 * Every activity the workflows call, over a `FakeWorld` in memory: the same inputs, outputs and
 * failure kinds as the real ones (a permanent refusal returned, a fault thrown as a retryable or
 * non-retryable failure), none of their I/O. Each attempt is logged on the world.
 */
export function fakeActivities(world: FakeWorld): Activities {
  const enter = (activity: ActivityName, input: unknown) => {
    world.calls.push({ activity, input, attempt: activityInfo().attempt })
    const fault = world.faults.find(
      (f) =>
        f.activity === activity &&
        f.times > 0 &&
        (f.when?.(input as never) ?? true)
    )
    world.changed()
    if (!fault) return
    fault.times--
    throw ApplicationFailure.create({
      message:
        fault.message ??
        `injected ${fault.permanent ? 'permanent' : 'transient'} fault in ${activity}`,
      type:
        fault.type ??
        (fault.permanent ? 'FakePermanentFault' : 'FakeTransientFault'),
      nonRetryable: fault.permanent,
      nextRetryDelay: fault.retryAfterMs,
    })
  }

  return {
    async describeWorker() {
      enter('describeWorker', undefined)
      return {
        identity: 'fake-worker',
        hostname: 'fake-host',
        pid: process.pid,
        env: world.workerEnv ?? world.env,
        taskQueue: activityInfo().taskQueue,
        nodeVersion: process.version,
      }
    },

    async listCustomers(input) {
      enter('listCustomers', input)
      const { source } = input
      const customers =
        source.kind === 'list'
          ? source.customers
          : source.kind === 'instance'
            ? world.customers.filter(
                (c) => world.instanceOf.get(c) === source.instanceId
              )
            : world.customers
      return pageOf(world, customers, input.cursor, input.pageSize)
    },

    async listCustomerSpaces(input) {
      enter('listCustomerSpaces', input)
      const spaces = input.onlyFailed
        ? (world.spacesOf.get(input.customer) ?? []).filter(
            (space) => (world.failures.get(space)?.size ?? 0) > 0
          )
        : (world.spacesOf.get(input.customer) ?? [])
      const page = pageOf(world, spaces, input.cursor, input.pageSize)
      if (!input.skipCompleted) return page
      const completed = (space: string) =>
        world.progress.get(space)?.status === 'completed'
      return {
        ...page,
        items: page.items.filter((space) => !completed(space)),
        finished: page.items.filter(completed).map((space) => ({
          key: space,
          status: 'skipped' as const,
          processed: 0,
          migrated: 0,
          alreadyMigrated: 0,
          failed: 0,
          skipped: world.progress.get(space)?.completedUploads ?? 0,
        })),
      }
    },

    async prepareCustomer(input) {
      enter('prepareCustomer', input)
      world.openCustomer(input.customer)
      const wasCompleted =
        input.track &&
        world.customerRows.get(input.customer)?.status === 'completed'
      if (input.track && !wasCompleted)
        world.customerRows.set(input.customer, { status: 'in-progress' })
      world.changed()
      if (!input.createMigrationSpace)
        return wasCompleted ? { wasCompleted } : {}
      if (world.migrationSpaceRefused.has(input.customer))
        return { error: 'migration space: the customer has no account' }
      const did =
        world.migrationSpaces.get(input.customer) ??
        `did:key:${input.customer}-migration`
      world.migrationSpaces.set(input.customer, did)
      return { migrationSpace: did, ...(wasCompleted ? { wasCompleted } : {}) }
    },

    async recordCustomer(input) {
      enter('recordCustomer', input)
      world.customerRows.set(input.customer, {
        status: input.status,
        completedSpaces: input.completedSpaces,
        completedUploads: input.completedUploads,
        error: input.error ?? '',
      })
      if (input.status !== 'in-progress')
        world.openCustomers.delete(input.customer)
      world.changed()
    },

    async beginSpace(input) {
      enter('beginSpace', input)
      return beginFake(world, input)
    },

    async countSpaceUploads(input) {
      enter('countSpaceUploads', input)
      let at = input.from
      while (at.cursor !== undefined) at = countPage(world, input.space, at)
      if (input.track)
        world.progress.set(input.space, {
          ...world.progress.get(input.space)!,
          totalUploads: at.counted,
        })
      world.changed()
      return at.counted
    },

    async migrateUploadPage(input) {
      enter('migrateUploadPage', input)
      const held = world.pages.pass()
      world.changed()
      await held
      // As the real row's `advance`: only a space in progress moves forward.
      const result = pageFake(world, input)
      world.changed()
      return result
    },

    async recordPause(input) {
      enter('recordPause', input)
      const rows: Map<string, { pausedBecause?: string }> =
        input.space === undefined ? world.customerRows : world.progress
      const key = input.space ?? input.customer
      const row = rows.get(key)
      // As the real one: only a row that exists shows the pause.
      if (row) rows.set(key, { ...row, pausedBecause: input.pausedBecause })
      world.changed()
    },

    async migrateSmallSpaces(input) {
      enter('migrateSmallSpaces', input)
      // As the real batch: a retry resumes from the spaces its last attempt heartbeat as settled.
      const resumed = activityInfo().heartbeatDetails as
        SmallSpacesResult | undefined
      const result: SmallSpacesResult = {
        finished: [...(resumed?.finished ?? [])],
        large: [...(resumed?.large ?? [])],
      }
      const settled = new Set([
        ...result.finished.map((f) => f.key),
        ...result.large,
      ])
      const todo = input.spaces.filter((space) => !settled.has(space))
      for (const [at, space] of todo.entries()) {
        const refusal = world.refusedSpaces.get(space)
        if (refusal !== undefined) {
          world.refusedSpaces.delete(space)
          // As the real batch: the refused space was begun, and its row shows the pause.
          if (input.track)
            world.progress.set(space, {
              status: 'in-progress',
              completedUploads: 0,
              pausedBecause: refusal,
            })
          world.changed()
          return {
            ...result,
            refused: { reason: refusal, rest: todo.slice(at) },
          }
        }
        const breaks = world.batchBreaksAt.get(space) ?? 0
        if (breaks > 0) {
          world.batchBreaksAt.set(space, breaks - 1)
          throw ApplicationFailure.create({
            message: `injected transient fault in the batch at ${space}`,
            type: 'TransientError',
          })
        }
        const held = world.pages.pass()
        world.changed()
        await held
        result.finished.push(...smallSpace(world, input, space, result))
        heartbeat(result)
      }
      return result
    },

    async finishSpace(input) {
      enter('finishSpace', input)
      return finishFake(world, input)
    },

    async migrateSmallCustomers(input) {
      enter('migrateSmallCustomers', input)
      // As the real batch: a retry resumes from the customers its last attempt heartbeat as settled.
      const resumed = activityInfo().heartbeatDetails as
        SmallCustomersResult | undefined
      const result: SmallCustomersResult = {
        finished: [...(resumed?.finished ?? [])],
        handedBack: { ...resumed?.handedBack },
      }
      const settled = new Set([
        ...result.finished.map((f) => f.key),
        ...Object.keys(result.handedBack),
      ])
      const todo = input.customers.filter((c) => !settled.has(c))
      for (const [at, customer] of todo.entries()) {
        const breaks = world.batchBreaksAt.get(customer) ?? 0
        if (breaks > 0) {
          world.batchBreaksAt.set(customer, breaks - 1)
          throw ApplicationFailure.create({
            message: `injected transient fault in the batch at ${customer}`,
            type: 'TransientError',
          })
        }
        const held = world.pages.pass()
        world.changed()
        await held
        const refusal = smallCustomer(world, input, customer, result)
        heartbeat(result)
        if (refusal !== undefined)
          return {
            ...result,
            refused: { reason: refusal, rest: todo.slice(at + 1) },
          }
      }
      return result
    },
  }
}

/**
 * One customer of a batch, as the real batch runs it: prepared; handed back when its spaces pass
 * a page, a space is large or its uploads pass the threshold (no space written); else its spaces
 * as a batch of small spaces runs them and its row. A space refusing hands the customer back
 * with what it finished, and returns the reason.
 */
function smallCustomer(
  world: FakeWorld,
  input: SmallCustomersInput,
  customer: string,
  result: SmallCustomersResult
): string | undefined {
  world.openCustomer(customer)
  const wasCompleted =
    input.track && world.customerRows.get(customer)?.status === 'completed'
  if (input.track && !wasCompleted)
    world.customerRows.set(customer, { status: 'in-progress' })
  if (input.createMigrationSpace)
    world.migrationSpaces.set(customer, `did:key:${customer}-migration`)
  const window = (): WindowState => ({
    ...newWindow(),
    prepared: true,
    exhausted: true,
    ...(wasCompleted ? { wasCompleted } : {}),
  })
  const all = world.spacesOf.get(customer) ?? []
  const first = Math.min(input.spacesPerPage, world.listPageCap)
  if (all.length > first) {
    result.handedBack[customer] = {
      ...window(),
      candidates: all.slice(0, first),
      cursor: String(first),
      exhausted: false,
    }
    return undefined
  }
  const open = (space: string) =>
    !(input.skipCompleted && world.progress.get(space)?.status === 'completed')
  const uploads = (space: string) => world.uploadsOf.get(space)?.length ?? 0
  const large = all.filter(
    (space) =>
      open(space) &&
      (uploads(space) > input.smallSpaceUploads ||
        uploads(space) > world.countPageCap)
  )
  const total = all.filter(open).reduce((n, space) => n + uploads(space), 0)
  if (large.length > 0 || total > input.smallCustomerUploads) {
    result.handedBack[customer] = {
      ...window(),
      pending: large,
      candidates: all.filter((space) => !large.includes(space)),
    }
    return undefined
  }
  const spaces = { ...input, customer, spaces: all }
  const state = window()
  const settle = (report: ChildFinished) => {
    state.finished++
    if (report.status === 'failed') state.failed++
    if (report.status === 'partial') state.partial = true
    addCounts(state.counts, report)
  }
  for (const [at, space] of all.entries()) {
    const refusal = world.refusedSpaces.get(space)
    if (refusal !== undefined) {
      world.refusedSpaces.delete(space)
      if (input.track)
        world.progress.set(space, {
          status: 'in-progress',
          completedUploads: 0,
          pausedBecause: refusal,
        })
      result.handedBack[customer] = { ...state, candidates: all.slice(at) }
      world.changed()
      return refusal
    }
    smallSpace(world, spaces, space, { finished: [], large: [] }).forEach(
      settle
    )
  }
  const status =
    state.failed > 0 ? 'failed' : state.partial ? 'partial' : 'completed'
  if (input.track && !(wasCompleted && status === 'partial'))
    world.customerRows.set(customer, {
      status: status === 'partial' ? 'pending' : status,
      completedSpaces: state.finished - state.failed,
      completedUploads: state.counts.processed + (state.counts.skipped ?? 0),
      error: state.failed > 0 ? `${state.failed} spaces failed` : '',
    })
  world.openCustomers.delete(customer)
  result.finished.push({ key: customer, status, ...state.counts })
  world.changed()
  return undefined
}

/** One page of a space's count: at most `countPageCap` uploads on from `at`. */
function countPage(
  world: FakeWorld,
  space: string,
  at: UploadCount
): UploadCount {
  const all = world.uploadsOf.get(space) ?? []
  const start = at.cursor === undefined ? 0 : all.indexOf(at.cursor) + 1
  const end = Math.min(all.length, start + world.countPageCap)
  return {
    counted: at.counted + end - start,
    cursor: end < all.length ? all[end - 1] : undefined,
  }
}

/** A page of a listing; the cursor is the index of the next item, as the real inline lists use. */
function pageOf(
  world: FakeWorld,
  items: readonly string[],
  cursor: string | undefined,
  pageSize: number
): ListPageResult {
  const start = Number(cursor ?? 0)
  const end = start + Math.min(pageSize, world.listPageCap)
  return {
    items: items.slice(start, end),
    cursor: end < items.length ? String(end) : undefined,
  }
}

function authorize(world: FakeWorld, space: string): GatewayOutcome {
  if (world.gatewayRefused.has(space))
    return {
      status: 'failed',
      error: 'gateway authorization: the space has no owner delegation',
    }
  if (world.gatewayAlready.has(space)) return { status: 'already' }
  world.gatewayAlready.add(space)
  world.gatewayAuthorizations.set(
    space,
    (world.gatewayAuthorizations.get(space) ?? 0) + 1
  )
  return { status: 'authorized' }
}

/** The uploads after the cursor (a root), in root order: all, the failed ones, or one. */
function migratePage(
  world: FakeWorld,
  input: UploadPageInput
): UploadPageResult {
  const all = world.uploadsOf.get(input.space) ?? []
  const roots = input.root
    ? all.filter((root) => root === input.root)
    : input.onlyFailed
      ? [...(world.failures.get(input.space) ?? [])].sort()
      : all
  const after = roots.filter(
    (root) => input.cursor === undefined || root > input.cursor
  )
  const page = after.slice(0, Math.min(input.pageSize, world.listPageCap))
  const counts = { migrated: 0, alreadyMigrated: 0, failed: 0 }
  for (const root of page) counts[migrateOne(world, input, root)]++
  return {
    processed: page.length,
    ...counts,
    nextCursor:
      !input.root && page.length < after.length ? page.at(-1) : undefined,
    lastProcessedUpload: page.at(-1),
  }
}

function migrateOne(
  world: FakeWorld,
  input: UploadPageInput,
  root: string
): 'migrated' | 'alreadyMigrated' | 'failed' {
  world.migrations.set(root, (world.migrations.get(root) ?? 0) + 1)
  if (input.mode === 'verify-only')
    return world.migrated.has(root) ? 'alreadyMigrated' : 'failed'
  const failures = world.failures.get(input.space) ?? new Set<string>()
  world.failures.set(input.space, failures)
  if (world.failingUploads.has(root)) {
    failures.add(root)
    return 'failed'
  }
  failures.delete(root)
  if (world.migrated.has(root)) return 'alreadyMigrated'
  world.migrated.add(root)
  return 'migrated'
}

function beginFake(world: FakeWorld, input: BeginSpaceInput): BeginSpaceResult {
  const row = input.track ? world.progress.get(input.space) : undefined
  const wasCompleted = row?.status === 'completed'
  if (wasCompleted && input.skipCompleted)
    return {
      skipped: true,
      totalUploads: row.totalUploads ?? 0,
      completedUploads: row.completedUploads ?? 0,
      gateway: { status: 'skipped' },
    }
  world.openSpace(input.customer, input.space)
  const all = world.uploadsOf.get(input.space)?.length ?? 0
  const count = input.count
    ? countPage(world, input.space, { counted: 0 })
    : undefined
  if (input.track && !wasCompleted)
    world.progress.set(input.space, {
      status: 'in-progress',
      ...(count?.cursor === undefined && count
        ? { totalUploads: count.counted }
        : {}),
      completedUploads: 0,
      error: '',
    })
  const gateway =
    input.authorizeGateway && all > 0
      ? authorize(world, input.space)
      : { status: 'skipped' as const }
  world.changed()
  return {
    count,
    totalUploads: count?.counted ?? 0,
    completedUploads: 0,
    gateway,
    ...(wasCompleted ? { wasCompleted } : {}),
  }
}

function finishFake(
  world: FakeWorld,
  input: FinishSpaceInput
): FinishSpaceResult {
  const row = world.progress.get(input.space)
  const total = input.recount
    ? (world.uploadsOf.get(input.space)?.length ?? 0)
    : undefined
  const added =
    total === undefined || input.completedUploads === undefined
      ? 0
      : Math.max(0, total - input.completedUploads)
  world.progress.set(input.space, {
    ...row,
    status:
      added > 0 && input.status === 'completed' ? 'pending' : input.status,
    ...(input.completedUploads === undefined
      ? {}
      : { completedUploads: input.completedUploads }),
    ...(total === undefined ? {} : { totalUploads: total }),
    error: [input.error, added > 0 ? `${added} uploads were added` : '']
      .filter(Boolean)
      .join('; '),
  })
  world.closeSpace(input.customer, input.space)
  world.changed()
  return { added }
}

/** A page of the fake's uploads, and the space's row moved forward as the real `advance` does. */
function pageFake(world: FakeWorld, input: UploadPageInput): UploadPageResult {
  const result = migratePage(world, input)
  const row = world.progress.get(input.space)
  if (input.progress && row?.status === 'in-progress') {
    world.progress.set(input.space, {
      ...row,
      status: 'in-progress',
      completedUploads: input.progress.completedUploads + result.processed,
      lastProcessedUpload: result.lastProcessedUpload,
    })
  }
  return result
}

/**
 * One space of a batch, as the real batch runs it: skipped when completed, handed back when its
 * uploads pass the threshold (nothing written), else begun, its pages and its last step.
 */
function smallSpace(
  world: FakeWorld,
  input: SmallSpacesInput,
  space: string,
  result: SmallSpacesResult
): ChildFinished[] {
  const all = world.uploadsOf.get(space)?.length ?? 0
  const row = input.track ? world.progress.get(space) : undefined
  const skipped = row?.status === 'completed' && input.skipCompleted
  if (!skipped && (all > input.smallSpaceUploads || all > world.countPageCap)) {
    result.large.push(space)
    return []
  }
  const begun = beginFake(world, { ...input, space, count: true })
  if (begun.skipped)
    return [
      {
        key: space,
        status: 'skipped',
        ...NO_UPLOADS,
        skipped: begun.completedUploads,
      },
    ]
  const counts = { ...NO_UPLOADS }
  for (let cursor: string | undefined, more = !!input.steps; more;) {
    const page = pageFake(world, {
      customer: input.customer,
      space,
      cursor,
      pageSize: input.pageSize,
      concurrency: input.uploadConcurrency,
      mode: input.steps!,
      instanceId: input.instanceId,
      progress: input.track
        ? { completedUploads: counts.processed }
        : undefined,
    })
    counts.processed += page.processed
    counts.migrated += page.migrated
    counts.alreadyMigrated += page.alreadyMigrated
    counts.failed += page.failed
    cursor = page.nextCursor
    more = cursor !== undefined
  }
  let status: ChildFinished['status'] =
    counts.failed > 0 || begun.gateway.status === 'failed'
      ? 'failed'
      : 'completed'
  if (input.track) {
    const { added } = finishFake(world, {
      customer: input.customer,
      space,
      status,
      completedUploads: counts.processed,
      recount: input.steps !== undefined,
    })
    if (added > 0 && status === 'completed') status = 'partial'
  } else world.closeSpace(input.customer, space)
  world.changed()
  return [{ key: space, status, ...counts }]
}
