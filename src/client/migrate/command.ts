import type { CommandModule } from 'yargs'
import { loadConfigOrExit } from '../../config/load-or-exit.js'
import { createDynamoClient, useTables } from '../../services/dynamo/index.js'
import { confirm } from '../confirm.js'
import { formatCount } from '../format.js'
import { connectClient, workflowLink } from '../temporal-client.js'
import { sizeOfScope } from './estimate-scope.js'
import { followProgress } from './follow.js'
import {
  type MigrateArgs,
  MigrateInputError,
  migrateFlags,
  planFromArgs,
} from './options.js'
import type { MigrationPlan } from './plan.js'
import { startOrAttach, workflowOf } from './start.js'

export const migrateCommand: CommandModule<object, MigrateArgs> = {
  command: 'migrate',
  describe:
    'Start (or attach to) the migration of a scope: an instance, a customers file, a customer, a space or one upload',
  builder: (argv) => migrateFlags(argv) as never,
  handler: async (args) => {
    process.exitCode = await runMigrate(args)
  },
}

async function runMigrate(args: MigrateArgs): Promise<number> {
  let plan: MigrationPlan
  try {
    plan = planFromArgs(args)
  } catch (err) {
    if (err instanceof MigrateInputError) return badInput(err.message)
    throw err
  }
  const config = loadConfigOrExit(['dynamo', 'temporal'])
  const dynamo = createDynamoClient(config.dynamo)
  const tables = useTables(dynamo, config.dynamo.tables)
  try {
    const workflow = await workflowOf(plan, config.env, tables, args.instanceId)
    describePlan(plan, workflow.id, config.env)
    if (args.dryRun) {
      const size = await sizeOfScope(plan, tables)
      console.log(
        `scope: ${[
          size.customers !== undefined &&
            `${formatCount(size.customers)} customers`,
          size.spaces !== undefined && `${formatCount(size.spaces)} spaces`,
          size.uploads !== undefined && `${formatCount(size.uploads)} uploads`,
        ]
          .filter(Boolean)
          .join(', ')} (${size.basis})`
      )
      console.log('dry run: nothing started, nothing written')
      return 0
    }
    if (!(await confirm('Start this migration?', args.yes))) {
      console.log('not started')
      return 0
    }
    const { client, close } = await connectClient(config.temporal)
    try {
      const started = await startOrAttach(
        client,
        config.temporal.taskQueue,
        workflow
      )
      console.log(
        `${started.attached ? 'attached to running' : 'started'} ${started.workflowType} ${started.workflowId}`
      )
      const link = workflowLink(config.temporal, started.workflowId)
      if (link) console.log(`Web UI: ${link}`)
      console.log(
        `follow: temporal workflow describe --namespace ${config.temporal.namespace} --workflow-id '${started.workflowId}'`
      )
      if (!args.follow) return 0
      return await follow(started.handle)
    } finally {
      await close()
    }
  } catch (err) {
    if (err instanceof MigrateInputError) return badInput(err.message)
    throw err
  } finally {
    dynamo.destroy()
  }
}

async function follow(handle: Parameters<typeof followProgress>[0]) {
  const detach = new AbortController()
  const onSigint = () => detach.abort()
  process.once('SIGINT', onSigint)
  try {
    const result = (await followProgress(
      handle,
      { write: (t) => process.stdout.write(t), isTTY: process.stdout.isTTY },
      { signal: detach.signal }
    )) as { status?: string; processed?: number; failed?: number } | undefined
    if (!result) return 0
    console.log(
      `finished: ${result.status}, ${formatCount(result.processed ?? 0)} uploads processed, ${formatCount(result.failed ?? 0)} failed`
    )
    return result.status === 'failed' ? 1 : 0
  } finally {
    process.off('SIGINT', onSigint)
  }
}

function describePlan(plan: MigrationPlan, workflowId: string, env: string) {
  const { scope } = plan
  const what =
    scope.kind === 'space'
      ? `space ${scope.space}${scope.root ? ` upload ${scope.root}` : ''}`
      : scope.kind === 'customer'
        ? `customer ${scope.customer}`
        : `instance ${scope.instanceId} (${scope.source.kind === 'list' ? `${scope.source.customers.length} customers listed` : scope.source.kind === 'instance' ? `customers assigned to instance ${scope.source.instanceId}` : 'every planned customer'})`
  console.log(
    `migration (${env}): ${plan.mode}${plan.onlyFailed ? ', failed uploads only' : ''} of ${what}${plan.limit ? `, at most ${formatCount(plan.limit)} uploads` : ''}`
  )
  console.log(
    `tuning: ${plan.tuning.uploadConcurrency} uploads at once per page of ${plan.tuning.pageSize}, ${plan.tuning.spaceConcurrency} spaces per customer, ${plan.tuning.customerConcurrency} customers per instance`
  )
  console.log(`workflow: ${workflowId}`)
}

function badInput(message: string): number {
  console.error(`error: ${message}`)
  return 2
}
