/**
 * What the campaign reads from Temporal: the activities running now (to kill a worker while it
 * is mid-page), and, at the end, every history of the instance (to prove that kills were
 * survived: an interrupted page ran again on another worker).
 */
import {
  type Client,
  decodePendingActivityState,
  WorkflowNotFoundError,
} from '@temporalio/client'
import { decodeTimeoutType } from '@temporalio/common'

export interface RunningActivity {
  workflowId: string
  runId: string
  activityId: string
  type: string
  state?: string
  attempt: number
  /** The worker that started its last attempt. */
  worker?: string
}

/** The activities pending in the instance's running workflows. */
export async function runningActivities(
  client: Client,
  instanceId: string
): Promise<RunningActivity[]> {
  const ids: string[] = []
  for await (const execution of client.workflow.list({
    query: `MigrationInstance = "${instanceId}" AND ExecutionStatus = "Running"`,
  }))
    ids.push(execution.workflowId)
  const described = await Promise.all(
    ids.map(async (workflowId): Promise<RunningActivity[]> => {
      try {
        const { raw } = await client.workflow.getHandle(workflowId).describe()
        const runId = raw.workflowExecutionInfo?.execution?.runId ?? ''
        return (raw.pendingActivities ?? []).map((a) => ({
          workflowId,
          runId,
          activityId: a.activityId ?? '',
          type: a.activityType?.name ?? '',
          state: decodePendingActivityState(a.state),
          attempt: a.attempt ?? 1,
          worker: a.lastWorkerIdentity ?? undefined,
        }))
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return []
        throw err
      }
    })
  )
  return described.flat()
}

export const activityKey = (a: { runId: string; activityId: string }): string =>
  `${a.runId}/${a.activityId}`

/** One attempt of an activity that history records as started (the last attempt only). */
export interface StartedAttempt {
  workflowId: string
  runId: string
  activityId: string
  type: string
  attempt: number
  identity: string
  /** What ended the attempt before this one. */
  after?: 'heartbeat-timeout' | 'other-timeout' | 'failure'
  completed: boolean
}

export interface HistoryStats {
  workflowRuns: number
  events: number
  started: StartedAttempt[]
  failedWorkflows: string[]
}

/** Every run of every workflow of the instance, read back from history. */
export async function historyStats(
  client: Client,
  instanceId: string
): Promise<HistoryStats> {
  const stats: HistoryStats = {
    workflowRuns: 0,
    events: 0,
    started: [],
    failedWorkflows: [],
  }
  for await (const run of client.workflow.list({
    query: `MigrationInstance = "${instanceId}"`,
  })) {
    stats.workflowRuns++
    if (
      run.status.name !== 'COMPLETED' &&
      run.status.name !== 'CONTINUED_AS_NEW'
    )
      stats.failedWorkflows.push(`${run.workflowId} (${run.status.name})`)
    const history = await client.workflow
      .getHandle(run.workflowId, run.runId)
      .fetchHistory()
    const events = history.events ?? []
    stats.events += events.length
    const scheduled = new Map<string, { activityId: string; type: string }>()
    const started = new Map<string, StartedAttempt>()
    for (const e of events) {
      const id = String(e.eventId)
      const s = e.activityTaskScheduledEventAttributes
      if (s)
        scheduled.set(id, {
          activityId: s.activityId ?? '',
          type: s.activityType?.name ?? '',
        })
      const st = e.activityTaskStartedEventAttributes
      if (st) {
        const of = scheduled.get(String(st.scheduledEventId))
        const failure = st.lastFailure
        const timeout = failure?.timeoutFailureInfo
          ? decodeTimeoutType(failure.timeoutFailureInfo.timeoutType)
          : undefined
        const attempt: StartedAttempt = {
          workflowId: run.workflowId,
          runId: run.runId,
          activityId: of?.activityId ?? '',
          type: of?.type ?? '',
          attempt: st.attempt ?? 1,
          identity: st.identity ?? '',
          after: !failure
            ? undefined
            : timeout === 'HEARTBEAT'
              ? 'heartbeat-timeout'
              : timeout
                ? 'other-timeout'
                : 'failure',
          completed: false,
        }
        started.set(String(st.scheduledEventId), attempt)
        stats.started.push(attempt)
      }
      const done = e.activityTaskCompletedEventAttributes
      if (done) {
        const attempt = started.get(String(done.scheduledEventId))
        if (attempt) attempt.completed = true
      }
    }
  }
  return stats
}
