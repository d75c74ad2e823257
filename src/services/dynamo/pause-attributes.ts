import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { optionalString } from './attributes.js'
import { setAttributes } from './update-item.js'

/** Why the migration of a customer or space paused itself (a service refusing it), and since when. */
export interface Pause {
  reason: string
  /** ISO time the refusal was found. */
  at: string
}

/** What an update sets to clear a pause left by a run that ended paused (cancelled, terminated). */
export const NO_PAUSE = { pausedBecause: '', pausedAt: '' } as const

/** The pause attributes an update may write: only their clearing; `setPause` shows one. */
export type PauseClearing = Partial<typeof NO_PAUSE>

/** The pause attributes of a row: `pausedBecause` and `pausedAt`, empty when not paused. */
export const pauseOf = (item: Record<string, unknown>): Pause | undefined => {
  const reason = optionalString(item.pausedBecause)
  return reason
    ? { reason, at: optionalString(item.pausedAt) ?? '' }
    : undefined
}

/**
 * Shows a pause on an existing row, or clears it (`undefined`); a missing row stays missing (a
 * run that keeps no progress rows must not make one appear). Returns whether the row was written.
 */
export async function writePause(
  client: DynamoDBDocumentClient,
  tableName: string,
  key: Record<string, string>,
  pause: Pause | undefined
): Promise<boolean> {
  const [keyName] = Object.keys(key)
  try {
    await setAttributes(
      client,
      tableName,
      key,
      {
        pausedBecause: pause?.reason ?? '',
        pausedAt: pause?.at ?? '',
        updatedAt: new Date().toISOString(),
      },
      {
        condition: {
          expression: 'attribute_exists(#key)',
          names: { '#key': keyName! },
        },
      }
    )
    return true
  } catch (err) {
    if ((err as Error).name === 'ConditionalCheckFailedException') return false
    throw err
  }
}
