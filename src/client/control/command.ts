import type { Client, WorkflowHandle } from '@temporalio/client'
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs'
import type { FlagsOf } from '../shared/flags.js'
import { loadConfigOrExit } from '../../config/load-or-exit.js'
import {
  customerWorkflowId,
  instanceWorkflowId,
  spaceWorkflowId,
} from '../../workflows/ids.js'
import {
  pauseSignal,
  progressQuery,
  resumeSignal,
  tuneSignal,
} from '../../workflows/signals.js'
import {
  MIGRATION_MODES,
  type MigrationMode,
  type Tuning,
} from '../../workflows/types.js'
import { connectClient } from '../shared/temporal-client.js'

const ACTIONS = ['pause', 'resume', 'tune', 'cancel', 'status'] as const

function controlFlags<T>(argv: Argv<T>) {
  return argv
    .positional('action', { choices: ACTIONS, demandOption: true })
    .option('workflow-id', { type: 'string', describe: 'The workflow, by ID' })
    .option('instance', { type: 'string', describe: 'An instance workflow' })
    .option('customer', { type: 'string', describe: 'A customer workflow' })
    .option('space', { type: 'string', describe: 'A space workflow' })
    .option('mode', {
      choices: MIGRATION_MODES,
      default: 'full' as MigrationMode,
      describe: 'The mode the migration was started with',
    })
    .option('retry-failed', { type: 'boolean' })
    .option('concurrency', {
      type: 'number',
      describe: 'tune: uploads at once per page',
    })
    .option('page-size', { type: 'number', describe: 'tune: uploads per page' })
    .option('space-concurrency', {
      type: 'number',
      describe: 'tune: spaces at once per customer',
    })
    .option('customer-concurrency', {
      type: 'number',
      describe: 'tune: customers at once per instance',
    })
}

type ControlArgs = ArgumentsCamelCase<FlagsOf<typeof controlFlags<object>>>

/**
 * Pause, resume, retune or cancel a running migration: the signal goes to the named workflow,
 * which passes it to the children it runs; cancel walks the running children itself, because
 * children outlive their parent's runs.
 */
export const controlCommand: CommandModule<object, ControlArgs> = {
  command: 'control <action>',
  describe:
    'Pause, resume, tune (concurrency), cancel or show a running migration',
  builder: (argv) => controlFlags(argv) as never,
  handler: async (args) => {
    const named = [args.workflowId, args.instance, args.customer, args.space]
    if (named.filter((v) => v !== undefined).length !== 1) {
      console.error(
        'error: name one workflow: --workflow-id, --instance, --customer or --space'
      )
      process.exitCode = 2
      return
    }
    const tuning = tuningOf(args)
    if (args.action === 'tune' && Object.keys(tuning).length === 0) {
      console.error(
        'error: tune needs --concurrency, --page-size, --space-concurrency or --customer-concurrency'
      )
      process.exitCode = 2
      return
    }
    const config = loadConfigOrExit(['temporal'])
    const target = targetOf(args, config.env)
    const { client, close } = await connectClient(config.temporal)
    try {
      process.exitCode = await act(client, target, args.action, tuning)
    } finally {
      await close()
    }
  },
}

async function act(
  client: Client,
  workflowId: string,
  action: (typeof ACTIONS)[number],
  tuning: Partial<Tuning>
): Promise<number> {
  const handle = client.workflow.getHandle(workflowId)
  const status = await handle
    .describe()
    .then((d) => d.status.name)
    .catch(() => undefined)
  if (status === undefined) {
    console.error(`error: no workflow ${workflowId}`)
    return 1
  }
  if (action === 'status') {
    const progress = await handle.query(progressQuery).catch(() => undefined)
    console.log(JSON.stringify({ workflowId, status, progress }, null, 2))
    return 0
  }
  if (status !== 'RUNNING') {
    console.error(
      `error: ${workflowId} is ${status.toLowerCase()}, not running`
    )
    return 1
  }
  if (action === 'pause') await handle.signal(pauseSignal)
  if (action === 'resume') await handle.signal(resumeSignal)
  if (action === 'tune') await handle.signal(tuneSignal, tuning)
  if (action === 'cancel') await cancelTree(client, handle)
  console.log(`${action}: sent to ${workflowId}`)
  return 0
}

async function cancelTree(client: Client, handle: WorkflowHandle) {
  const progress = await handle.query(progressQuery).catch(() => undefined)
  for (const child of progress?.runningChildren ?? [])
    await cancelTree(client, client.workflow.getHandle(child)).catch(
      () => undefined
    )
  await handle.cancel()
}

function targetOf(args: ControlArgs, env: string): string {
  const run = { env, mode: args.mode, onlyFailed: args.retryFailed }
  if (args.workflowId) return args.workflowId
  if (args.instance) return instanceWorkflowId(run, args.instance)
  if (args.customer) return customerWorkflowId(run, args.customer)
  return spaceWorkflowId(run, args.space as string)
}

function tuningOf(args: ControlArgs): Partial<Tuning> {
  const tuning: Partial<Tuning> = {}
  if (args.concurrency !== undefined)
    tuning.uploadConcurrency = args.concurrency
  if (args.pageSize !== undefined) tuning.pageSize = args.pageSize
  if (args.spaceConcurrency !== undefined)
    tuning.spaceConcurrency = args.spaceConcurrency
  if (args.customerConcurrency !== undefined)
    tuning.customerConcurrency = args.customerConcurrency
  return tuning
}
