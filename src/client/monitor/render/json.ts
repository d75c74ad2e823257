import type { MonitorView } from '../views.js'

/**
 * A view as one line of JSON for scripts (one line per refresh in watch mode): the view's name,
 * when it was read, and its counts and rows as the text view shows them.
 */
export const renderJson = (view: MonitorView, at: Date): string =>
  JSON.stringify({ ...view, at: at.toISOString() }) + '\n'
