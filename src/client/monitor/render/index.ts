import type { MonitorView } from '../views.js'
import { renderCustomer } from './customer.js'
import { renderFailed } from './failed.js'
import { renderInstance } from './instance.js'
import { renderOverall } from './overall.js'
import type { RenderOptions } from './render-options.js'
import { renderSpace } from './space.js'
import { renderStuck } from './stuck.js'

export { renderJson } from './json.js'
export type { RenderOptions } from './render-options.js'
export {
  renderCustomer,
  renderFailed,
  renderInstance,
  renderOverall,
  renderSpace,
  renderStuck,
}

/** A view as text, laid out as spec/MONITORING.md shows it. */
export function renderText(
  view: MonitorView,
  options: RenderOptions = {}
): string {
  switch (view.view) {
    case 'overall':
      return renderOverall(view, options)
    case 'instance':
      return renderInstance(view)
    case 'customer':
      return renderCustomer(view, options)
    case 'space':
      return renderSpace(view, options)
    case 'failed':
      return renderFailed(view, options)
    case 'stuck':
      return renderStuck(view, options)
  }
}
