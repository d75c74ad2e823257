import type { Argv } from 'yargs'
import type { LocalStackOptions } from './local-stack.js'
import { resolve } from 'node:path'
import { BadInput } from '../failures/index.js'

/** The flags of every command that starts the local stack (`stack`, `sandbox`, later `dev`). */
export function withStackOptions<T>(argv: Argv<T>) {
  return argv
    .option('dir', {
      type: 'string',
      default: '.stack',
      describe: 'folder for logs, env files and persisted data',
    })
    .option('persist', {
      type: 'boolean',
      default: false,
      describe: 'keep workflows and data across restarts',
    })
    .option('port', {
      type: 'number',
      default: 7233,
      describe: 'Temporal frontend port',
    })
    .option('ui-port', {
      type: 'number',
      default: 8233,
      describe: 'Temporal Web UI port',
    })
    .option('dynamodb-port', {
      type: 'number',
      default: 8000,
      describe: 'DynamoDB Local port',
    })
    .option('namespace', { type: 'string', default: 'default' })
    .option('dynamic-config', {
      type: 'string',
      array: true,
      default: [] as string[],
      describe: 'Temporal dynamic config, KEY=JSON (repeatable)',
    })
}

export class BadFlag extends BadInput {
  override name = 'BadFlag' as const
}

/** Turns parsed flags into stack options; a malformed --dynamic-config throws BadFlag. */
export function stackOptionsFrom(flags: {
  dir: string
  persist: boolean
  port: number
  'ui-port': number
  'dynamodb-port': number
  namespace: string
  'dynamic-config': string[]
}): LocalStackOptions {
  const dynamicConfig = Object.fromEntries(
    flags['dynamic-config'].map((pair) => {
      const [key, ...rest] = pair.split('=')
      try {
        return [key, JSON.parse(rest.join('='))]
      } catch {
        throw new BadFlag(
          `--dynamic-config ${pair}: expected KEY=JSON, e.g. limit.historyCount.suggestContinueAsNew=60`
        )
      }
    })
  )
  return {
    dir: resolve(flags.dir),
    persist: flags.persist,
    namespace: flags.namespace,
    temporalPort: flags.port,
    uiPort: flags['ui-port'],
    dynamoPort: flags['dynamodb-port'],
    dynamicConfig,
    install: true,
    log: (line) => console.log(line),
  }
}
