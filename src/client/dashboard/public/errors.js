// Failed reads, shown on the page rather than left unhandled.
import { byId } from './dom.js'

export function showError(message) {
  byId('error').hidden = !message
  byId('error').textContent = message ? `Read failed: ${message}` : ''
}

/** A click's read, its failure shown on the page. */
export const guarded = (read) => () =>
  Promise.resolve(read()).catch((err) => showError(String(err?.message ?? err)))
