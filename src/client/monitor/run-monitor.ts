import { formatDate } from '../shared/format.js'
import { InvalidOptions, type Output } from '../shared/output.js'
import { loadView } from './load-view.js'
import type { MonitorTables } from './monitor-tables.js'
import {
  DEFAULT_INTERVAL_SECONDS,
  type MonitorOptions,
  optionsProblem,
  selectView,
  type ViewRequest,
} from './options.js'
import { renderJson, renderText, type RenderOptions } from './render/index.js'
import type { MonitorView } from './views.js'
import { type Sleep, watch } from './watch.js'

/** What a run depends on besides tables and flags, injectable for tests. */
export interface MonitorRuntime extends RenderOptions {
  now?: () => Date
  /** Ends watch mode. */
  signal?: AbortSignal
  /** Refreshes before watch mode ends on its own. */
  iterations?: number
  sleep?: Sleep
}

const CLEAR_SCREEN = '\x1b[2J\x1b[H'

/**
 * Reads the view the flags ask for and writes it, once or, with `watch`, every `interval` seconds
 * until the signal aborts. Returns the exit status: 1 when the space asked for has no progress
 * row, else 0.
 */
export async function runMonitor(
  tables: MonitorTables,
  options: MonitorOptions,
  out: Output,
  runtime: MonitorRuntime = {}
): Promise<number> {
  const problem = optionsProblem(options)
  if (problem) throw new InvalidOptions(problem)
  const show = showView(tables, selectView(options), options, out, runtime)
  if (!options.watch) return exitStatus(await show())
  const intervalSeconds = options.interval ?? DEFAULT_INTERVAL_SECONDS
  await watch(
    async () => {
      if (out.isTTY && !options.json) out.write(CLEAR_SCREEN)
      try {
        await show()
        if (!options.json) out.write(footer(intervalSeconds, runtime))
      } catch (err) {
        out.write(readFailed(err, options, runtime))
      }
    },
    {
      intervalMs: intervalSeconds * 1000,
      signal: runtime.signal,
      iterations: runtime.iterations,
      sleep: runtime.sleep,
    }
  )
  return 0
}

function showView(
  tables: MonitorTables,
  request: ViewRequest,
  options: MonitorOptions,
  out: Output,
  runtime: MonitorRuntime
): () => Promise<MonitorView> {
  const now = runtime.now ?? (() => new Date())
  return async () => {
    const at = now()
    const view = await loadView(tables, request, at)
    out.write(options.json ? renderJson(view, at) : renderText(view, runtime))
    return view
  }
}

const exitStatus = (view: MonitorView): number =>
  view.view === 'space' && !view.progress ? 1 : 0

const footer = (intervalSeconds: number, runtime: MonitorRuntime): string =>
  `\nRefreshed ${formatDate(nowOf(runtime).toISOString(), runtime.timeZone)}; ` +
  `every ${intervalSeconds}s, Ctrl+C to stop\n`

/** A failed refresh is shown and the next one tried: one throttled read should not end a watch. */
function readFailed(
  err: unknown,
  options: MonitorOptions,
  runtime: MonitorRuntime
): string {
  const message = err instanceof Error ? err.message : String(err)
  return options.json
    ? JSON.stringify({ error: message, at: nowOf(runtime).toISOString() }) +
        '\n'
    : `Read failed: ${message}\n`
}

const nowOf = (runtime: MonitorRuntime): Date => runtime.now?.() ?? new Date()
