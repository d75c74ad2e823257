/**
 * `npm run stack`: the local stack in the foreground, for a person with the `temporal` CLI and
 * the Web UI. Ctrl-C stops everything it started.
 */
import yargs from 'yargs'
import { hideBin } from 'yargs/helpers'
import { stackOptionsFrom, withStackOptions } from '../src/stack/cli-options.js'
import { startLocalStack } from '../src/stack/local-stack.js'
import { untilSignal } from '../src/stack/run-until-signal.js'

const argv = await withStackOptions(
  yargs(hideBin(process.argv)).usage(
    '$0 [options]\n\nStarts a Temporal dev server (with Web UI) and DynamoDB Local, and creates every table.'
  )
)
  .strict()
  .help()
  .parse()

const stopped = untilSignal()
try {
  const options = stackOptionsFrom(argv)
  const stack = await startLocalStack(options)
  console.log(`
Local stack is up${options.persist ? ` (data kept in ${options.dir})` : ''}.
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
  process.exit(err instanceof Error && err.name === 'BadFlag' ? 2 : 1)
}
