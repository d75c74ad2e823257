import assert from 'node:assert/strict'
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { ensurePromtool } from '../../src/stack/promtool.js'
import {
  ALERT_TESTS_PATH,
  ALERTS_PATH,
  dashboardQueries,
  dashboardSchema,
  readDashboard,
  withVariables,
} from '../helpers/grafana-dashboard.js'

const promtool = await ensurePromtool({ install: true, log: console.log })

/** The rules and their tests in a directory of their own, the rules changed by `edit`. */
function copyWith(edit: (rules: string) => string) {
  const dir = mkdtempSync(join(tmpdir(), 'promtool-'))
  const rules = readFileSync(ALERTS_PATH, 'utf8')
  const edited = edit(rules)
  assert.notEqual(edited, rules)
  writeFileSync(join(dir, 'migration-alerts.yml'), edited)
  copyFileSync(ALERT_TESTS_PATH, join(dir, 'migration-alerts.test.yml'))
  return dir
}

describe('promtool on deploy/prometheus', () => {
  it('finds the alert rules valid', async () => {
    const { code, output } = await promtool.run(['check', 'rules', ALERTS_PATH])
    assert.equal(code, 0, output)
    assert.match(output, /SUCCESS: 6 rules found/)
  })

  it('passes every alert’s unit tests', async () => {
    const { code, output } = await promtool.run([
      'test',
      'rules',
      ALERT_TESTS_PATH,
    ])
    assert.equal(code, 0, output)
  })

  it('fails the unit tests of a rule whose threshold is wrong, and a rule that does not parse', async () => {
    const threshold = copyWith((rules) => rules.replace(') > 0.05', ') > 0.5'))
    const tested = await promtool.run([
      'test',
      'rules',
      join(threshold, 'migration-alerts.test.yml'),
    ])
    assert.notEqual(tested.code, 0, tested.output)
    assert.match(tested.output, /MigrationUploadFailureRate/)
    const syntax = copyWith((rules) =>
      rules.replace(
        'max by (service) (migration_circuit_breaker_open)',
        'max by (service ('
      )
    )
    const checked = await promtool.run([
      'check',
      'rules',
      join(syntax, 'migration-alerts.yml'),
    ])
    assert.notEqual(checked.code, 0, checked.output)
  })

  it('parses every query of the Grafana dashboard (as recording rules)', async () => {
    const queries = dashboardQueries(dashboardSchema.parse(readDashboard()))
    const check = async (exprs: readonly string[]) => {
      const path = join(
        mkdtempSync(join(tmpdir(), 'dashboard-')),
        'queries.yml'
      )
      const rules = exprs.map((expr, i) => ({
        record: `dashboard:query_${i}`,
        expr: withVariables(expr),
      }))
      // JSON is YAML, so the rule file needs no YAML writer.
      writeFileSync(
        path,
        JSON.stringify({ groups: [{ name: 'dashboard', rules }] })
      )
      return promtool.run(['check', 'rules', path])
    }
    const all = await check(queries.map((q) => q.expr))
    assert.equal(all.code, 0, all.output)
    const broken = await check([queries[0]!.expr.replace(')', '')])
    assert.notEqual(broken.code, 0, broken.output)
  })
})
