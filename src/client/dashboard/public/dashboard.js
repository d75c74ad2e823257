// The dashboard page: polls /api/state and draws it. Plain browser modules, served as they are
// (no build step); uPlot comes from its own script tag.
import { chart } from './chart.js'
import { customers } from './customers.js'
import { byId } from './dom.js'
import { guarded, showError } from './errors.js'
import { failures } from './failures.js'
import { getJson } from './get-json.js'
import {
  drawInstances,
  drawOverall,
  drawPauses,
  drawReasons,
  drawStuck,
} from './sections.js'

const POLL_MAX_MS = 5_000

let lastRead
async function poll() {
  let intervalMs = POLL_MAX_MS
  try {
    const state = await getJson('/api/state')
    intervalMs = Math.min(POLL_MAX_MS, state.intervalSeconds * 1000)
    showError(state.error)
    byId('env').textContent = `(${state.env})`
    byId('read-at').textContent =
      `Tables read at ${new Date(state.at).toLocaleString()}, every ${state.intervalSeconds}s`
    drawOverall(state)
    drawPauses(state)
    drawInstances(state)
    drawReasons(state)
    drawStuck(state)
    chart.draw(state.throughput.samples)
    if (state.at !== lastRead) {
      lastRead = state.at
      await customers.load()
    }
    document.body.dataset.readAt = state.at
  } catch (err) {
    showError(err instanceof Error ? err.message : String(err))
  }
  setTimeout(poll, intervalMs)
}

byId('customer-instance').addEventListener(
  'change',
  guarded(() => customers.restart())
)
byId('customers-first').addEventListener(
  'click',
  guarded(() => customers.restart())
)
byId('customers-next').addEventListener(
  'click',
  guarded(() => customers.forward())
)
byId('failures-more').addEventListener(
  'click',
  guarded(() => failures.more())
)
void poll()
