// The customers table, a page at a time.
import { byId, cell, el, fillRows, linked } from './dom.js'
import { count, percent } from './format.js'
import { getJson } from './get-json.js'

/** The customers table: one page at a time, for all customers or one instance's. */
export const customers = {
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
