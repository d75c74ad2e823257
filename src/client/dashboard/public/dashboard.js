// The dashboard page: polls /api/state and draws it. Plain browser JavaScript, served as it is
// (no build step); uPlot comes from its own script tag.
'use strict'

const POLL_MAX_MS = 5_000
const numbers = new Intl.NumberFormat('en-US')
const count = (n) => numbers.format(n)
const percent = (part, whole) =>
  `${(whole > 0 ? (part / whole) * 100 : 0).toFixed(1)}%`
const byId = (id) => document.getElementById(id)

/** An element with text or child nodes; text is always set as text, never parsed as HTML. */
function el(tag, attrs, ...children) {
  const node = document.createElement(tag)
  for (const [name, value] of Object.entries(attrs ?? {}))
    if (value !== undefined) node.setAttribute(name, value)
  for (const child of children)
    node.append(child instanceof Node ? child : String(child))
  return node
}

/** A scope's name, linked to its workflow in the Temporal Web UI when the server knows it. */
const linked = (text, href) =>
  href
    ? el('a', { href, target: '_blank', rel: 'noopener', title: text }, text)
    : el('span', { title: text }, text)

const cell = (content, number) =>
  el('td', number ? { class: 'number' } : {}, content)

function fillRows(tbody, rows) {
  tbody.replaceChildren(...rows)
}

function duration(seconds) {
  const s = Math.round(seconds)
  if (s < 60) return `${s}s`
  if (s < 3600)
    return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`
  const h = Math.floor(s / 3600)
  if (h < 48)
    return `${h}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`
  return `${(s / 86400).toFixed(1)} days`
}

/** The scope's planned uploads, or its listed ones where nothing was planned. */
const plannedUploads = (scope) =>
  scope.planned.uploads || scope.progress.uploads.total

function drawOverall(state) {
  const { overall, throughput, failedUploads } = state
  const planned = plannedUploads(overall)
  const processed = overall.progress.uploads.completed
  byId('overall-processed').textContent = count(processed)
  byId('overall-planned').textContent = count(planned)
  byId('overall-percent').textContent = percent(processed, planned)
  byId('overall-bar').value = planned > 0 ? Math.min(1, processed / planned) : 0
  const spaces = overall.progress.spaces
  const plannedSpaces = overall.planned.spaces || spaces.total
  byId('overall-spaces').textContent =
    `${count(spaces.completed)} / ${count(plannedSpaces)}`
  byId('overall-space-states').textContent =
    `${count(spaces.inProgress)} in progress · ${count(spaces.failed)} failed · ` +
    `${count(Math.max(0, plannedSpaces - spaces.total) + spaces.pending)} not started`
  byId('rate').textContent =
    throughput.perSecond === undefined
      ? '–'
      : `${throughput.perSecond.toFixed(1)}/s`
  byId('eta').textContent =
    throughput.etaSeconds === undefined
      ? processed >= planned && planned > 0
        ? 'done'
        : '–'
      : duration(throughput.etaSeconds)
  byId('failed-total').textContent = count(failedUploads.total)
}

function drawPauses(state) {
  byId('pauses').hidden = state.pauses.length === 0
  fillRows(
    byId('pause-list'),
    state.pauses.map((p) =>
      el(
        'li',
        { class: p.kind, 'data-kind': p.kind },
        `${p.kind === 'refused-writes' ? 'Writes refused' : 'Failure budget'}: ${p.reason} — ` +
          `${count(p.customers)} customers, ${count(p.spaces)} spaces` +
          (p.since ? `, since ${new Date(p.since).toLocaleString()}` : '')
      )
    )
  )
}

function drawInstances(state) {
  fillRows(
    byId('instances').tBodies[0],
    state.instances.map((i) => {
      const planned = plannedUploads(i)
      const done = i.progress.uploads.completed
      return el(
        'tr',
        { 'data-instance': i.key },
        cell(linked(i.key === '' ? '(none)' : i.key, i.link)),
        cell(count(i.planned.customers), true),
        cell(count(i.planned.spaces), true),
        cell(count(i.progress.spaces.completed), true),
        cell(count(i.progress.spaces.inProgress), true),
        cell(count(i.progress.spaces.failed), true),
        cell(count(planned), true),
        cell(count(done), true),
        cell(percent(done, planned), true)
      )
    })
  )
  const select = byId('customer-instance')
  const known = new Set([...select.options].map((o) => o.value))
  for (const i of state.instances)
    if (i.key !== '' && !known.has(i.key))
      select.append(el('option', { value: i.key }, `instance ${i.key}`))
}

function drawReasons(state) {
  fillRows(
    byId('reasons').tBodies[0],
    state.failedUploads.byReason.map(({ reason, count: n }) => {
      const button = el(
        'a',
        { href: '#failures', 'data-reason': reason },
        reason
      )
      const show = guarded(() => failures.show(reason))
      button.addEventListener('click', (event) => {
        event.preventDefault()
        void show()
      })
      return el(
        'tr',
        {
          'data-reason': reason,
          class: failures.reason === reason ? 'selected' : '',
        },
        cell(button),
        cell(count(n), true)
      )
    })
  )
  const gateway = state.gatewayFailedSpaces
  byId('gateway-failures').textContent =
    gateway.total === 0
      ? ''
      : `Spaces failed at the gateway: ${gateway.byReason
          .map((r) => `${r.reason} ${count(r.count)}`)
          .join(', ')} (their uploads are not failures)`
}

function drawStuck(state) {
  byId('stuck-count').textContent = count(state.stuck.count)
  byId('stuck-minutes').textContent = count(state.stuck.olderThanMinutes)
  fillRows(
    byId('stuck').tBodies[0],
    state.stuck.spaces.map((s) =>
      el(
        'tr',
        { 'data-space': s.space },
        cell(linked(s.space, s.link)),
        cell(s.customer),
        cell(s.instanceId ?? ''),
        cell(s.workerId ?? ''),
        cell(`${count(s.completedUploads)} / ${count(s.totalUploads)}`, true),
        cell(duration(s.stuckMinutes * 60), true)
      )
    )
  )
}

/** The throughput chart: uploads processed over time, from the server's samples. */
const chart = {
  plot: undefined,
  draw(samples) {
    const data = [
      samples.map((s) => s.at / 1000),
      samples.map((s) => s.processed),
    ]
    if (this.plot) return this.plot.setData(data)
    const host = byId('chart')
    this.plot = new window.uPlot(
      {
        width: Math.max(300, host.clientWidth),
        height: 220,
        scales: { x: { time: true } },
        series: [
          {},
          {
            label: 'uploads processed',
            stroke: '#1f5fbf',
            width: 2,
            fill: 'rgba(31,95,191,0.08)',
          },
        ],
        axes: [{}, { values: (_, ticks) => ticks.map(count) }],
      },
      data,
      host
    )
  },
}

/** The customers table: one page at a time, for all customers or one instance's. */
const customers = {
  cursors: [undefined],
  next: undefined,
  /** Only the latest request draws: a poll's reload may answer after a click's. */
  requests: 0,
  async load() {
    const request = ++this.requests
    const params = new URLSearchParams()
    const instance = byId('customer-instance').value
    if (instance) params.set('instance', instance)
    const cursor = this.cursors.at(-1)
    if (cursor) params.set('cursor', cursor)
    const page = await getJson(`/api/customers?${params}`)
    if (request !== this.requests) return
    this.next = page.cursor
    byId('customers-next').disabled = !page.cursor
    byId('customers-first').disabled = this.cursors.length === 1
    byId('customers-page').textContent = `page ${this.cursors.length}`
    fillRows(
      byId('customers').tBodies[0],
      page.customers.map((c) => {
        const planned = c.planned.uploads || c.progress.uploads.total
        const done = c.progress.uploads.completed
        return el(
          'tr',
          { 'data-customer': c.customer },
          cell(linked(c.customer, c.link)),
          cell(c.instanceId ?? ''),
          cell(c.pause ? `paused: ${c.pause.reason}` : c.status),
          cell(count(c.planned.spaces), true),
          cell(count(c.progress.spaces.completed), true),
          cell(count(planned), true),
          cell(count(done), true),
          cell(percent(done, planned), true)
        )
      })
    )
  },
  restart() {
    this.cursors = [undefined]
    return this.load()
  },
  forward() {
    if (!this.next) return
    this.cursors.push(this.next)
    return this.load()
  },
}

/** The failed uploads of one reason, a page at a time, "More" appending the next page. */
const failures = {
  reason: undefined,
  cursor: undefined,
  shown: 0,
  async show(reason) {
    this.reason = reason
    this.cursor = undefined
    this.shown = 0
    byId('failures').hidden = false
    byId('failures-reason').textContent = reason
    byId('failure-list').tBodies[0].replaceChildren()
    for (const row of byId('reasons').tBodies[0].rows)
      row.classList.toggle('selected', row.dataset.reason === reason)
    await this.more()
  },
  async more() {
    const params = new URLSearchParams({ reason: this.reason })
    if (this.cursor) params.set('cursor', this.cursor)
    const page = await getJson(`/api/failures?${params}`)
    if (page.reason !== this.reason) return
    this.cursor = page.cursor
    this.shown += page.failures.length
    byId('failure-list').tBodies[0].append(
      ...page.failures.map((f) =>
        el(
          'tr',
          { 'data-root': f.root },
          cell(linked(f.space, f.link)),
          cell(el('span', { title: f.root }, f.root)),
          cell(f.customer),
          cell(f.step),
          cell(el('span', { title: f.error }, f.error)),
          cell(count(f.attempts), true),
          cell(new Date(f.failedAt).toLocaleString())
        )
      )
    )
    byId('failures-more').disabled = !page.cursor
    byId('failures-count').textContent =
      `${count(this.shown)} shown${page.cursor ? '' : ', all of them'}`
  },
}

async function getJson(url) {
  const res = await fetch(url, { cache: 'no-store' })
  const body = await res.json()
  if (!res.ok) throw new Error(body.error ?? `${url}: HTTP ${res.status}`)
  return body
}

function showError(message) {
  byId('error').hidden = !message
  byId('error').textContent = message ? `Read failed: ${message}` : ''
}

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

/** A click's read, its failure shown on the page rather than left unhandled. */
const guarded = (read) => () =>
  Promise.resolve(read()).catch((err) => showError(String(err?.message ?? err)))

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
