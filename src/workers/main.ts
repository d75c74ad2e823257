import { NativeConnection, Worker } from '@temporalio/worker'
import { hostname } from 'node:os'
import { extname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createActivities } from '../activities/index.js'
import { loadConfigOrExit } from '../config/load-or-exit.js'
import { temporalConnectionOptions } from '../config/temporal-connection.js'

const workflowsPath = fileURLToPath(
  new URL(`../workflows/index${extname(import.meta.url)}`, import.meta.url)
)

/** A worker process: one per host, polling the configured task queue until SIGINT/SIGTERM drains it. */
async function main() {
  const config = loadConfigOrExit(['temporal'])
  const { namespace, taskQueue } = config.temporal
  const identity = `${hostname()}:${process.pid}`
  const connection = await NativeConnection.connect(
    temporalConnectionOptions(config.temporal)
  )
  const worker = await Worker.create({
    connection,
    namespace,
    taskQueue,
    identity,
    workflowsPath,
    activities: createActivities({
      worker: { identity, env: config.env, taskQueue },
    }),
  })
  console.log(
    `worker ${identity} polling ${taskQueue} on ${config.temporal.address} (${namespace}, STORACHA_ENV=${config.env})`
  )
  try {
    await worker.run()
  } finally {
    await connection.close()
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
