/**
 * `npm run create-tables`: creates every table of the configured environment on a local
 * DynamoDB endpoint (docker-compose, a hand-started DynamoDB Local). It refuses to run against
 * AWS: production tables come from the CloudFormation stack in deploy/ and w3infra.
 *
 * `npm run create-tables -- --plan` prints what the target (local or AWS) lacks, tables and
 * GSIs against src/services/dynamo/tables.ts, with one DescribeTable per table and no write.
 * Exit status: 0 nothing missing, 1 something missing, 2 bad input or configuration,
 * 3 the target could not be read (credentials, permissions, network).
 */
import { loadConfigOrExit } from '../src/config/load-or-exit.js'
import {
  createDynamoClient,
  createTables,
} from '../src/services/dynamo/index.js'
import { describeGap, planTables } from '../src/services/dynamo/table-plan.js'

const args = process.argv.slice(2)
const unknown = args.filter((arg) => arg !== '--plan')
if (unknown.length > 0) {
  console.error(`error: unknown argument ${unknown.join(' ')} (only --plan)`)
  process.exit(2)
}
const { dynamo } = loadConfigOrExit(['dynamo'])
const target = dynamo.endpoint ?? `AWS ${dynamo.region}`

if (args.includes('--plan')) {
  const client = createDynamoClient(dynamo)
  const gaps = await planTables(client, dynamo.tables).catch((err: Error) => {
    console.error(`could not describe the tables on ${target}: ${err.message}`)
    process.exit(3)
  })
  client.destroy()
  const tables = Object.values(dynamo.tables).length
  if (gaps.length === 0) {
    console.log(`${target}: all ${tables} tables and their GSIs are there`)
    process.exit(0)
  }
  for (const gap of gaps) console.log(describeGap(gap))
  console.log(
    `${target}: ${gaps.length} missing or different (of ${tables} tables and their GSIs)`
  )
  process.exit(1)
}

if (!dynamo.endpoint) {
  console.error(
    'DYNAMODB_ENDPOINT is not set: this command only creates tables on a local DynamoDB (--plan reads any target)'
  )
  process.exit(2)
}
const client = createDynamoClient(dynamo)
await createTables(client, dynamo.tables)
client.destroy()
console.log(
  `created ${Object.values(dynamo.tables).join(', ')} on ${dynamo.endpoint}`
)
