// The failed uploads of the reason the operator picked.
import { byId, cell, el, linked } from './dom.js'
import { count } from './format.js'
import { getJson } from './get-json.js'

/** The failed uploads of one reason, a page at a time, "More" appending the next page. */
export const failures = {
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
