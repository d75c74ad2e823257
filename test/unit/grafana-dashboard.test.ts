import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { type MetricDefinition, METRICS } from '../../src/metrics/catalog.js'
import {
  ALERTS_PATH,
  dashboardQueries,
  dashboardSchema,
  metricNamesIn,
  readDashboard,
} from '../helpers/grafana-dashboard.js'

const catalog = Object.values(METRICS) as MetricDefinition[]

/** The names Prometheus exports for a metric: a histogram's series, a counter or gauge itself. */
const exported = (m: MetricDefinition) =>
  m.kind === 'histogram'
    ? ['_bucket', '_sum', '_count'].map((suffix) => `${m.name}${suffix}`)
    : [m.name]
const known = new Set(catalog.flatMap(exported))

function overlaps(
  a: { x: number; y: number; w: number; h: number },
  b: typeof a
) {
  return (
    a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
  )
}

describe('the Grafana dashboard (deploy/grafana)', () => {
  const dashboard = dashboardSchema.parse(readDashboard())
  const queries = dashboardQueries(dashboard)

  it('is a dashboard Grafana imports: unique panel ids, no overlapping panels, a data source variable', () => {
    const ids = dashboard.panels.map((p) => p.id)
    assert.equal(new Set(ids).size, ids.length)
    dashboard.panels.forEach((a, i) =>
      dashboard.panels
        .slice(i + 1)
        .forEach((b) =>
          assert.ok(
            !overlaps(a.gridPos, b.gridPos),
            `${a.title} overlaps ${b.title}`
          )
        )
    )
    const variables = dashboard.templating.list.map((v) => v.name)
    assert.deepEqual(variables, ['datasource', 'instance'])
    for (const { panel, expr } of queries)
      assert.match(
        expr,
        /instance=~"\$instance"/,
        `${panel} follows the worker selection`
      )
  })

  it('queries only metrics the worker exports, and shows every one of them', () => {
    const used = new Set(
      queries.flatMap(({ expr }) => [...metricNamesIn(expr)])
    )
    for (const name of used)
      assert.ok(known.has(name), `${name} is not exported`)
    for (const metric of catalog)
      assert.ok(
        exported(metric).some((name) => used.has(name)),
        `${metric.name} is on no panel`
      )
  })

  it('is checked for real: a dashboard with a mistake is refused', () => {
    const broken = structuredClone(readDashboard()) as {
      panels: { gridPos: { w: number } }[]
    }
    broken.panels[1]!.gridPos.w = 30
    assert.equal(dashboardSchema.safeParse(broken).success, false)
  })
})

describe('the alert rules (deploy/prometheus)', () => {
  it('use only metrics the worker exports', () => {
    const used = metricNamesIn(readFileSync(ALERTS_PATH, 'utf8'))
    assert.ok(used.size > 0)
    for (const name of used)
      assert.ok(known.has(name), `${name} is not exported`)
  })
})
