import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'

const root = join(import.meta.dirname, '..', '..')
export const DASHBOARD_PATH = join(
  root,
  'deploy',
  'grafana',
  'migration-dashboard.json'
)
export const ALERTS_PATH = join(
  root,
  'deploy',
  'prometheus',
  'migration-alerts.yml'
)
export const ALERT_TESTS_PATH = join(
  root,
  'deploy',
  'prometheus',
  'migration-alerts.test.yml'
)

const datasource = z.object({
  type: z.literal('prometheus'),
  uid: z.literal('${datasource}'),
})
const gridPos = z
  .object({
    x: z.number().int().min(0),
    y: z.number().int().min(0),
    w: z.number().int().min(1),
    h: z.number().int().min(1),
  })
  .refine((g) => g.x + g.w <= 24, 'a panel fits in Grafana’s 24 columns')

const target = z.object({
  refId: z.string().regex(/^[A-Z]$/),
  expr: z.string().min(1),
  legendFormat: z.string().optional(),
  datasource,
})

const row = z.object({
  id: z.number().int().positive(),
  type: z.literal('row'),
  title: z.string().min(1),
  gridPos,
  collapsed: z.boolean(),
  panels: z.array(z.unknown()).length(0),
})

const panel = z.object({
  id: z.number().int().positive(),
  type: z.enum([
    'stat',
    'timeseries',
    'state-timeline',
    'gauge',
    'table',
    'heatmap',
  ]),
  title: z.string().min(1),
  description: z.string().min(1),
  datasource,
  gridPos,
  targets: z.array(target).min(1),
  fieldConfig: z.object({
    defaults: z.object({ unit: z.string().optional() }).passthrough(),
    overrides: z.array(z.unknown()),
  }),
  options: z.object({}).passthrough(),
})

const variable = z.object({
  name: z.string().regex(/^\w+$/),
  type: z.enum(['datasource', 'query', 'custom', 'interval']),
  label: z.string().min(1),
  hide: z.number().int(),
})

/**
 * The part of Grafana's dashboard model (schemaVersion 39) that an import needs and this
 * dashboard uses: a Prometheus data source variable that every panel and query goes through.
 */
export const dashboardSchema = z.object({
  uid: z.string().regex(/^[\w-]{1,40}$/),
  title: z.string().min(1),
  schemaVersion: z.number().int().min(36),
  version: z.number().int(),
  editable: z.boolean(),
  time: z.object({ from: z.string(), to: z.string() }),
  refresh: z.string(),
  tags: z.array(z.string()),
  templating: z.object({ list: z.array(variable.passthrough()) }),
  annotations: z.object({ list: z.array(z.unknown()) }),
  panels: z.array(z.union([row, panel])).min(1),
})

export type Dashboard = z.infer<typeof dashboardSchema>

export function readDashboard(): unknown {
  return JSON.parse(readFileSync(DASHBOARD_PATH, 'utf8')) as unknown
}

/** Every query of the dashboard, with its panel's title. */
export function dashboardQueries(dashboard: Dashboard) {
  return dashboard.panels.flatMap((p) =>
    p.type === 'row'
      ? []
      : p.targets.map((t) => ({ panel: p.title, expr: t.expr }))
  )
}

/** A query as Prometheus would get it from Grafana: its variables replaced by values. */
export const withVariables = (expr: string) =>
  expr
    .replaceAll('$__rate_interval', '1m')
    .replaceAll('$__range', '6h')
    .replaceAll('$instance', '.*')

/** The `migration_*` metric names a PromQL text uses, as written (with `_bucket` and the like). */
export const metricNamesIn = (text: string) =>
  new Set(text.match(/\bmigration_[a-z_]+\b/g) ?? [])
