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
import { rejectFlags } from '../shared/output.js'
import { connectClient } from '../shared/temporal-client.js'
import {
  hasLimits,
  parseRps,
  parseWeights,
  readTaskQueueConfig,
  TASK_QUEUE_TYPES,
  type TaskQueueLimits,
  type TaskQueueType,
  updateTaskQueueConfig,
} from './task-queue-config.js'

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
    .option('show', {
      type: 'boolean',
      describe: 'tune: print the task queue’s server-side limits',
    })
    .option('task-queue', {
      type: 'string',
      describe: 'tune: the task queue (default: TEMPORAL_TASK_QUEUE)',
    })
    .option('task-queue-type', {
      choices: TASK_QUEUE_TYPES,
      default: 'activity' as TaskQueueType,
      describe: 'tune: which of its queues the limits are of',
    })
    .option('queue-rps-limit', {
      type: 'string',
      describe:
        'tune: the server’s dispatch rate of the queue, tasks/s for every worker together, or default',
    })
    .option('queue-rps-limit-reason', { type: 'string' })
    .option('fairness-key-rps-limit-default', {
      type: 'string',
      describe:
        'tune: the rate of each fairness key (each customer), scaled by its weight, or default',
    })
    .option('fairness-key-rps-limit-reason', { type: 'string' })
    .option('fairness-key-weight', {
      type: 'string',
      array: true,
      describe:
        'tune: KEY=WEIGHT (or KEY=default); KEY is a customer DID or a fairness key',
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
    'Pause, resume, tune (concurrency, task-queue limits), cancel or show a running migration',
  builder: (argv) => controlFlags(argv) as never,
  handler: async (args) => {
    const named = [args.workflowId, args.instance, args.customer, args.space]
    const tuning = tuningOf(args)
    const limits = limitsOf(args)
    if ('problem' in limits) return rejectFlags(limits.problem)
    const queue = args.action === 'tune' && (args.show || hasLimits(limits))
    const signal = args.action !== 'tune' || Object.keys(tuning).length > 0
    if (!queue && !signal)
      return rejectFlags(
        'tune needs --concurrency, --page-size, --space-concurrency, --customer-concurrency, a task-queue limit or --show'
      )
    if (signal && named.filter((v) => v !== undefined).length !== 1)
      return rejectFlags(
        'name one workflow: --workflow-id, --instance, --customer or --space'
      )
    const config = loadConfigOrExit(['temporal'])
    const { client, close } = await connectClient(config.temporal)
    try {
      if (queue) {
        const target = {
          taskQueue: args.taskQueue ?? config.temporal.taskQueue,
          type: args.taskQueueType,
        }
        const view = hasLimits(limits)
          ? await updateTaskQueueConfig(client, target, limits)
          : await readTaskQueueConfig(client, target)
        console.log(JSON.stringify(view, null, 2))
      }
      if (signal)
        process.exitCode = await act(
          client,
          targetOf(args, config.env),
          args.action,
          tuning
        )
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

function limitsOf(args: ControlArgs): TaskQueueLimits | { problem: string } {
  try {
    return {
      queueRpsLimit: optional('--queue-rps-limit', args.queueRpsLimit),
      queueRpsLimitReason: args.queueRpsLimitReason,
      fairnessKeyRpsLimitDefault: optional(
        '--fairness-key-rps-limit-default',
        args.fairnessKeyRpsLimitDefault
      ),
      fairnessKeyRpsLimitReason: args.fairnessKeyRpsLimitReason,
      fairnessKeyWeights: parseWeights(args.fairnessKeyWeight ?? []),
    }
  } catch (err) {
    return { problem: (err as Error).message }
  }
}

const optional = (flag: string, value: string | undefined) =>
  value === undefined ? undefined : parseRps(flag, value)
