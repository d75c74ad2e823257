/**
 * `npm run setup`: installs or finds every tool the local stack needs (Temporal CLI, Java,
 * DynamoDB Local). Idempotent; exits non-zero saying what is missing and how to get it.
 */
import { ensureTools } from '../src/stack/tools.js'

try {
  const tools = await ensureTools({
    install: true,
    log: (line) => console.log(line),
  })
  console.log(`Temporal CLI:   ${tools.temporalCli}`)
  console.log(`Java:           ${tools.java}`)
  console.log(`DynamoDB Local: ${tools.dynamoDbLocalDir}`)
} catch (err) {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
}
