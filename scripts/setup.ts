/**
 * `npm run setup`: installs or finds every tool the local stack and the test suite need
 * (Temporal CLI, Java, DynamoDB Local, cfn-lint, Chromium for the dashboard's browser test,
 * promtool for the alert rules, toxiproxy for the AWS faults of the chaos campaign and its test,
 * the pinned Node.js 22 and 24 releases that the unit tier also runs on). Idempotent; exits
 * non-zero saying what is missing and how to get it.
 */
import { ensureCfnLint } from '../src/stack/cfn-lint.js'
import { ensureChromium } from '../src/stack/chromium.js'
import { ensureNodeRuntime, NODE_RUNTIMES } from '../src/stack/node-runtime.js'
import { ensurePromtool } from '../src/stack/promtool.js'
import { ensureTools } from '../src/stack/tools.js'
import { ensureToxiproxy } from '../src/stack/toxiproxy.js'

try {
  const log = (line: string) => console.log(line)
  const tools = await ensureTools({ install: true, log })
  const cfnLint = await ensureCfnLint({ install: true, log })
  const chromium = await ensureChromium({ install: true, log })
  const promtool = await ensurePromtool({ install: true, log })
  const toxiproxy = await ensureToxiproxy({ install: true, log })
  const runtimes = []
  for (const version of NODE_RUNTIMES)
    runtimes.push(await ensureNodeRuntime(version, { install: true, log }))
  console.log(`Temporal CLI:   ${tools.temporalCli}`)
  console.log(`Java:           ${tools.java}`)
  console.log(`DynamoDB Local: ${tools.dynamoDbLocalDir}`)
  console.log(`cfn-lint:       ${cfnLint.dir}`)
  console.log(`Chromium:       ${chromium}`)
  console.log(`promtool:       ${promtool.path}`)
  console.log(`toxiproxy:      ${toxiproxy}`)
  for (const { version, path } of runtimes)
    console.log(`${`Node ${version}:`.padEnd(16)}${path}`)
} catch (err) {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
}
