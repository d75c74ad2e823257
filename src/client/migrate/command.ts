import type { CommandModule } from 'yargs'
import { loadConfigOrExit } from '../../config/load-or-exit.js'
import { createDynamoClient, useTables } from '../../services/dynamo/index.js'
import { confirm } from '../shared/confirm.js'
import { connectClient } from '../shared/temporal-client.js'
import { sizeOfPlan } from './estimate-scope.js'
import { type FollowOptions, followProgress } from './follow.js'
import { liveOf, plannedUploads } from './follow-scope.js'
import {
  type MigrateArgs,
  MigrateInputError,
  migrateFlags,
  planFromArgs,
} from './options.js'
import type { MigrationPlan } from './plan.js'
import {
  renderFinished,
  renderPlan,
  renderScopeSize,
  renderStarted,
} from './render.js'
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
    console.log(renderPlan(plan, workflow.id, config.env))
    if (args.dryRun) {
      console.log(renderScopeSize(await sizeOfPlan(plan, tables)))
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
      console.log(renderStarted(started, config.temporal))
      if (!args.follow) return 0
      return await follow(started.handle, {
        live: liveOf(plan, client, tables),
        total: await plannedUploads(plan, tables),
      })
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

async function follow(
  handle: Parameters<typeof followProgress>[0],
  options: FollowOptions
) {
  const detach = new AbortController()
  const onSigint = () => detach.abort()
  process.once('SIGINT', onSigint)
  try {
    const result = (await followProgress(
      handle,
      { write: (t) => process.stdout.write(t), isTTY: process.stdout.isTTY },
      { ...options, signal: detach.signal }
    )) as { status?: string; processed?: number; failed?: number } | undefined
    if (!result) return 0
    console.log(renderFinished(result))
    return result.status === 'failed' ? 1 : 0
  } finally {
    process.off('SIGINT', onSigint)
  }
}

function badInput(message: string): number {
  console.error(`error: ${message}`)
  return 2
}
