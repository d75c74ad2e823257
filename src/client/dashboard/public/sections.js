// The page's sections, drawn from one state of /api/state.
import { byId, cell, el, fillRows, linked } from './dom.js'
import { guarded } from './errors.js'
import { failures } from './failures.js'
import { count, duration, percent, plannedUploads } from './format.js'

export function drawOverall(state) {
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

export function drawPauses(state) {
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

export function drawInstances(state) {
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

export function drawReasons(state) {
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

export function drawStuck(state) {
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
