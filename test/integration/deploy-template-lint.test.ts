import assert from 'node:assert/strict'
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { ensureCfnLint } from '../../src/stack/cfn-lint.js'

const root = join(import.meta.dirname, '..', '..')
const templates = readdirSync(join(root, 'deploy'))
  .filter((name) => name.endsWith('.yaml'))
  .map((name) => join(root, 'deploy', name))
const cfnLint = await ensureCfnLint({ install: true, log: console.log })

describe('cfn-lint on deploy/', () => {
  it('finds no error, warning or note in any template', async () => {
    assert.ok(templates.length > 0)
    const { code, output } = await cfnLint.run(['--', ...templates])
    assert.equal(code, 0, output)
  })

  it('fails a template with a mistake in it (so a clean result means something)', async () => {
    const original = readFileSync(templates[0] as string, 'utf8')
    const broken = original.replace(
      'BillingMode: PAY_PER_REQUEST',
      'BillingMode: PAY_PER_REQUESTS'
    )
    assert.notEqual(broken, original)
    const path = join(mkdtempSync(join(tmpdir(), 'cfn-lint-')), 'broken.yaml')
    writeFileSync(path, broken)
    const { code, output } = await cfnLint.run(['--', path])
    assert.ok(code !== 0, output)
    assert.match(output, /PAY_PER_REQUESTS/)
  })
})
