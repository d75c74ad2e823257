/**
 * `npm run lint:cfn`: runs cfn-lint (installed into the cache if missing) on every template in
 * deploy/; exits with cfn-lint's status.
 */
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { ensureCfnLint } from '../src/stack/cfn-lint.js'

const templates = readdirSync('deploy')
  .filter((name) => name.endsWith('.yaml'))
  .map((name) => join('deploy', name))
const cfnLint = await ensureCfnLint({
  install: true,
  log: (line) => console.log(line),
})
const { code, output } = await cfnLint.run(['--', ...templates])
process.stdout.write(output)
console.log(code === 0 ? `cfn-lint: ${templates.join(', ')} clean` : '')
process.exit(code)
