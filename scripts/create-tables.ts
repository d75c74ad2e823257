/**
 * `npm run create-tables`: creates every table of the configured environment on a local
 * DynamoDB endpoint (docker-compose, a hand-started DynamoDB Local). It refuses to run against
 * AWS: production tables belong to their owners.
 */
import { loadConfigOrExit } from '../src/config/load-or-exit.js'
import {
  createDynamoClient,
  createTables,
} from '../src/services/dynamo/index.js'

const { dynamo } = loadConfigOrExit(['dynamo'])
if (!dynamo.endpoint) {
  console.error(
    'DYNAMODB_ENDPOINT is not set: this command only creates tables on a local DynamoDB'
  )
  process.exit(2)
}
const client = createDynamoClient(dynamo)
await createTables(client, dynamo.tables)
client.destroy()
console.log(
  `created ${Object.values(dynamo.tables).join(', ')} on ${dynamo.endpoint}`
)
