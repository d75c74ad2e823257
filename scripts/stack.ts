/**
 * `npm run stack`: the local stack in the foreground, for a person with the `temporal` CLI and
 * the Web UI. Ctrl-C stops everything it started.
 */
import { resolve } from 'node:path'
import yargs from 'yargs'
import { hideBin } from 'yargs/helpers'
import { startLocalStack } from '../src/stack/local-stack.js'
import { untilSignal } from '../src/stack/run-until-signal.js'

const argv = await yargs(hideBin(process.argv))
  .usage(
    '$0 [options]\n\nStarts a Temporal dev server (with Web UI) and DynamoDB Local, and creates every table.'
  )
  .option('dir', {
    type: 'string',
    default: '.stack',
    describe: 'folder for logs, the env file and persisted data',
  })
  .option('persist', {
    type: 'boolean',
    default: false,
    describe: 'keep workflows and tables across restarts',
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
    default: [],
    describe: 'Temporal dynamic config, KEY=JSON (repeatable)',
  })
  .strict()
  .help()
  .parse()

const dynamicConfig = Object.fromEntries(
  argv['dynamic-config'].map((pair) => {
    const [key, ...rest] = pair.split('=')
    try {
      return [key, JSON.parse(rest.join('='))]
    } catch {
      console.error(
        `--dynamic-config ${pair}: expected KEY=JSON, e.g. limit.historyCount.suggestContinueAsNew=60`
      )
      process.exit(2)
    }
  })
)

const stopped = untilSignal()
try {
  const stack = await startLocalStack({
    dir: resolve(argv.dir),
    persist: argv.persist,
    namespace: argv.namespace,
    temporalPort: argv.port,
    uiPort: argv['ui-port'],
    dynamoPort: argv['dynamodb-port'],
    dynamicConfig,
    install: true,
    log: (line) => console.log(line),
  })
  console.log(`
Local stack is up${argv.persist ? ` (data kept in ${resolve(argv.dir)})` : ''}.
  Temporal:       ${stack.temporal.address}  (namespace ${stack.temporal.namespace})
  Web UI:         ${stack.temporal.uiUrl}
  DynamoDB Local: ${stack.dynamo.endpoint}
  Env file:       ${stack.envFile}   (set -a; . ${stack.envFile}; set +a)

  temporal workflow list --address ${stack.temporal.address} --namespace ${stack.temporal.namespace}

Ctrl-C stops everything.`)
  await stopped
  console.log('Stopping …')
  await stack.stop()
  console.log('Stopped.')
} catch (err) {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
}
