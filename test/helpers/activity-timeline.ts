import { defaultPayloadConverter, type Payload } from '@temporalio/common'
import { optionalTsToMs, tsToMs } from '@temporalio/common/lib/time.js'
import type { temporal } from '@temporalio/proto'

type History = temporal.api.history.v1.IHistory

/** One activity of a workflow run, as its history tells it (times in server milliseconds). */
export interface ActivityRun {
  type: string
  /** Event IDs: their order is the order the server recorded them in. */
  scheduledEventId: number
  scheduledAt: number
  /** Written by the server when the last attempt closes; its time is when that attempt started. */
  startedEventId?: number
  startedAt?: number
  attempt?: number
  closedEventId?: number
  closedAt?: number
  outcome?: 'completed' | 'failed' | 'timed-out' | 'canceled'
  result?: unknown
}

/** Every activity a workflow run scheduled, in order of scheduling. */
export function activityRuns(history: History): ActivityRun[] {
  const runs = new Map<number, ActivityRun>()
  const of = (scheduledEventId: unknown) => {
    const run = runs.get(Number(scheduledEventId))
    if (!run) throw new Error(`no activity scheduled as ${scheduledEventId}`)
    return run
  }
  for (const event of history.events ?? []) {
    const id = Number(event.eventId)
    const at = tsToMs(event.eventTime)
    const closed = (outcome: ActivityRun['outcome'], scheduled: unknown) =>
      Object.assign(of(scheduled), {
        closedEventId: id,
        closedAt: at,
        outcome,
      })
    if (event.activityTaskScheduledEventAttributes)
      runs.set(id, {
        type:
          event.activityTaskScheduledEventAttributes.activityType?.name ?? '',
        scheduledEventId: id,
        scheduledAt: at,
      })
    else if (event.activityTaskStartedEventAttributes) {
      const a = event.activityTaskStartedEventAttributes
      Object.assign(of(a.scheduledEventId), {
        startedEventId: id,
        startedAt: optionalTsToMs(event.eventTime),
        attempt: a.attempt ?? 1,
      })
    } else if (event.activityTaskCompletedEventAttributes) {
      const a = event.activityTaskCompletedEventAttributes
      const payload = a.result?.payloads?.[0]
      closed('completed', a.scheduledEventId).result = payload
        ? defaultPayloadConverter.fromPayload(payload as Payload)
        : undefined
    } else if (event.activityTaskFailedEventAttributes)
      closed('failed', event.activityTaskFailedEventAttributes.scheduledEventId)
    else if (event.activityTaskTimedOutEventAttributes)
      closed(
        'timed-out',
        event.activityTaskTimedOutEventAttributes.scheduledEventId
      )
    else if (event.activityTaskCanceledEventAttributes)
      closed(
        'canceled',
        event.activityTaskCanceledEventAttributes.scheduledEventId
      )
  }
  return [...runs.values()]
}

/** The first activity of that type, or a failure naming what the run did schedule. */
export function firstOf(runs: ActivityRun[], type: string): ActivityRun {
  const run = runs.find((r) => r.type === type)
  if (!run)
    throw new Error(
      `no ${type} in the history (scheduled: ${runs.map((r) => r.type).join(', ')})`
    )
  return run
}
