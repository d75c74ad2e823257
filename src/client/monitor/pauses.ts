import type { MigrationStatus } from '../../services/dynamo/migration-progress-table.js'
import type { Pause } from '../../services/dynamo/pause-attributes.js'

/** A row's pause, while it means something: a finished row's leftover pause is no pause. */
export const activePause = (row: {
  status: MigrationStatus
  pause?: Pause
}): Pause | undefined => (row.status === 'in-progress' ? row.pause : undefined)

/** The customers and spaces paused for one reason, and since when (the earliest). */
export interface PauseGroup {
  reason: string
  customers: number
  spaces: number
  since: string
}

/** Groups paused customers and spaces by reason as rows arrive; oldest pause first. */
export class PauseCounter {
  readonly #groups = new Map<string, PauseGroup>()

  add(kind: 'customers' | 'spaces', pause: Pause | undefined): void {
    if (!pause) return
    const group = this.#groups.get(pause.reason) ?? {
      reason: pause.reason,
      customers: 0,
      spaces: 0,
      since: pause.at,
    }
    group[kind]++
    if (pause.at && (!group.since || pause.at < group.since))
      group.since = pause.at
    this.#groups.set(pause.reason, group)
  }

  groups(): PauseGroup[] {
    return [...this.#groups.values()].sort((a, b) =>
      a.since.localeCompare(b.since)
    )
  }
}
