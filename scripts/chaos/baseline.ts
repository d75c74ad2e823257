/**
 * The campaign's yardstick for Temporal cost: the same world migrated by a campaign of its own
 * with no kill, no restart, no fault, no refusal and no poison, whose billable actions the
 * faulted run is compared with. Where the faulted run has a refusal, an operator pauses and
 * resumes the yardstick instead: the pause and resume signals that reach every running workflow
 * are a cost per pause, not per upload, and both runs pay it; what the refusal itself adds (the
 * reports up the tree, the status and row writes of each refused workflow) is the fault's.
 */
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const CHAOS_ENTRY = fileURLToPath(new URL('../chaos.ts', import.meta.url))

/** What a campaign writes to its `--cost-file`: the main instance's history, read back. */
export interface RunCost {
  uploads: number
  actions: number
  events: number
  runs: number
  migrationMs: number
  actionsByEvent: Record<string, number>
}

/** Runs the fault-free campaign on the world `worldArgs` describe; its cost, or why not. */
export async function runBaseline(
  worldArgs: readonly string[],
  refusals: number,
  dir: string,
  log: (line: string) => void
): Promise<RunCost | { error: string }> {
  const costFile = join(dir, 'baseline-cost.json')
  const args = [
    '--import',
    'tsx',
    CHAOS_ENTRY,
    ...worldArgs,
    '--kills=0',
    '--server-restarts=0',
    '--refusals=0',
    `--operator-pauses=${refusals}`,
    '--poison=0',
    '--no-faults',
    '--no-verify',
    '--no-baseline',
    `--cost-file=${costFile}`,
  ]
  log(
    `baseline: the same world with no fault of any kind${refusals > 0 ? ` and ${refusals} operator pause(s)` : ''}, for its Temporal cost`
  )
  const started = Date.now()
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', 'ignore', 'inherit'],
    })
    child.once('exit', resolve)
  })
  try {
    const cost = JSON.parse(readFileSync(costFile, 'utf8')) as RunCost
    log(
      `baseline: ${cost.actions} actions for ${cost.uploads} uploads in ${((Date.now() - started) / 1000).toFixed(0)} s (exit ${code})`
    )
    return cost
  } catch {
    return { error: `the baseline campaign wrote no cost (exit ${code})` }
  }
}

/** Actions per upload of the faulted run against the baseline's, at most `ratio` times. */
export function costCheck(
  run: RunCost,
  baseline: RunCost | { error: string } | undefined,
  ratio = 1.2
) {
  const name = `Temporal actions within ${((ratio - 1) * 100).toFixed(0)}% of a fault-free run`
  if (!baseline)
    return { name, ok: true, detail: 'no baseline (--no-baseline)' }
  if ('error' in baseline) return { name, ok: false, detail: baseline.error }
  const per = (c: RunCost) => (c.actions / c.uploads) * 1000
  const found = per(run) / per(baseline)
  return {
    name,
    ok: found <= ratio,
    detail: `${per(run).toFixed(0)} vs ${per(baseline).toFixed(0)} per 1,000 uploads (${found.toFixed(2)}×); more: ${extraActions(run, baseline)}`,
  }
}

/** The event types the run has more of than the baseline, largest first. */
function extraActions(run: RunCost, baseline: RunCost): string {
  const extra = Object.entries(run.actionsByEvent)
    .map(
      ([type, n]) => [type, n - (baseline.actionsByEvent[type] ?? 0)] as const
    )
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
  return extra.map(([type, n]) => `${n} ${type}`).join(', ') || 'none'
}
