/**
 * `npm run deploy:template`: writes deploy/migration-tables.yaml (the CloudFormation stack of the
 * migration's tables and IAM policies) and the parameter file of each environment, from the
 * table definitions and the code's own requests. `-- --check` writes nothing and exits 1 when a
 * committed file differs from what the code gives.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { CodeAccess } from '../src/deploy/code-access.js'
import { ENTRY_POINTS } from '../src/deploy/roles.js'
import { deployFiles } from '../src/deploy/template.js'

const args = process.argv.slice(2)
const unknown = args.filter((arg) => arg !== '--check')
if (unknown.length > 0) {
  console.error(`error: unknown argument ${unknown.join(' ')} (only --check)`)
  process.exit(2)
}
const root = join(import.meta.dirname, '..')
const files = deployFiles(new CodeAccess(root, { entryPoints: ENTRY_POINTS }))
let stale = 0
for (const [path, text] of Object.entries(files)) {
  const current = (() => {
    try {
      return readFileSync(join(root, path), 'utf8')
    } catch {
      return undefined
    }
  })()
  if (current === text) {
    console.log(`up to date  ${path}`)
  } else if (args.includes('--check')) {
    console.log(`stale       ${path}`)
    stale++
  } else {
    writeFileSync(join(root, path), text)
    console.log(`written     ${path}`)
  }
}
if (stale > 0) {
  console.error('run `npm run deploy:template` and commit the result')
  process.exit(1)
}
