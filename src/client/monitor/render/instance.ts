import { formatCount, formatRatio } from '../../shared/format.js'
import type { InstanceView, WorkerGroup } from '../views.js'
import { layout, section, statusLines, title, uploadsBlock } from './layout.js'

/** One instance: its totals, then each worker's completed spaces. */
export function renderInstance(view: InstanceView): string {
  const { spaces } = view.total
  return layout([
    title(`Instance ${view.instanceId} Progress`),
    [`Total Spaces: ${formatCount(spaces.total)}`, ...statusLines(spaces)],
    uploadsBlock(view.total, { percent: false, failed: view.failedUploads }),
    section('Progress by Worker', view.byWorker.flatMap(workerLines)),
  ])
}

function workerLines({
  key,
  tally: { spaces },
  failedUploads,
}: WorkerGroup): string[] {
  return [
    `  ${key === '' ? 'No worker' : `Worker ${key}`}: ${formatRatio(spaces.completed, spaces.total)} completed`,
    ...(spaces.inProgress > 0
      ? [`    In Progress: ${formatCount(spaces.inProgress)}`]
      : []),
    ...(spaces.failed > 0 ? [`    Failed: ${formatCount(spaces.failed)}`] : []),
    ...(failedUploads > 0
      ? [`    Failed Uploads: ${formatCount(failedUploads)}`]
      : []),
  ]
}
