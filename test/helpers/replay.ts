import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Client } from '@temporalio/client'
import {
  historyFromJSON,
  historyToJSON,
} from '@temporalio/common/lib/proto-utils.js'
import type { temporal } from '@temporalio/proto'
import { Worker } from '@temporalio/worker'

type History = temporal.api.history.v1.IHistory

export const HISTORY_FIXTURES = fileURLToPath(
  new URL('../fixtures/histories/', import.meta.url)
)
const workflowsPath = fileURLToPath(
  new URL('../../src/workflows/index.ts', import.meta.url)
)

export interface RecordedHistory {
  name: string
  workflowId: string
  history: History
}

/** Replays histories against today's workflow code; returns one line per nondeterminism found. */
export async function replayProblems(
  histories: readonly RecordedHistory[]
): Promise<string[]> {
  const problems: string[] = []
  const results = Worker.runReplayHistories(
    { workflowsPath, replayName: 'migration-replay' },
    histories.map(({ workflowId, history }) => ({ workflowId, history }))
  )
  for await (const result of results)
    if (result.error)
      problems.push(`${result.workflowId}: ${result.error.message}`)
  return problems
}

/** A run's history, and the run it continued from (if any), as recorded histories. */
export async function historiesOf(
  client: Client,
  name: string,
  workflowId: string
): Promise<RecordedHistory[]> {
  const latest = await client.workflow.getHandle(workflowId).fetchHistory()
  const recorded = [{ name: `${name}-last`, workflowId, history: latest }]
  const previous =
    latest.events?.[0]?.workflowExecutionStartedEventAttributes
      ?.continuedExecutionRunId
  if (previous)
    recorded.push({
      name: `${name}-continued-from`,
      workflowId,
      history: await client.workflow
        .getHandle(workflowId, previous)
        .fetchHistory(),
    })
  return recorded
}

export function writeFixtures(histories: readonly RecordedHistory[]): void {
  mkdirSync(HISTORY_FIXTURES, { recursive: true })
  for (const { name, workflowId, history } of histories)
    writeFileSync(
      join(HISTORY_FIXTURES, `${name}.json`),
      JSON.stringify({
        workflowId,
        history: JSON.parse(historyToJSON(history)),
      })
    )
}

export function readFixtures(): RecordedHistory[] {
  return readdirSync(HISTORY_FIXTURES)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => {
      const { workflowId, history } = JSON.parse(
        readFileSync(join(HISTORY_FIXTURES, file), 'utf8')
      ) as { workflowId: string; history: unknown }
      return {
        name: file.replace(/\.json$/, ''),
        workflowId,
        history: historyFromJSON(history),
      }
    })
}
