import { readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { CheckpointEntry } from './types.js'

export const checkpointFileName = (env: string) =>
  `counting-checkpoint-${env}.json`

/** The counting checkpoint: every customer counted so far, whatever their order in the scan. */
export interface CountingCheckpoint {
  version: 1
  environment: string
  updatedAt: string
  customers: CheckpointEntry[]
}

/** What reading a checkpoint gave: its counts by customer, or why it was not used. */
export type CheckpointRead =
  | { kind: 'none' }
  | { kind: 'ignored'; reason: string }
  | { kind: 'loaded'; updatedAt: string; counts: Map<string, CheckpointEntry> }

export class CheckpointFile {
  readonly path: string

  constructor(
    outDir: string,
    readonly env: string
  ) {
    this.path = join(outDir, checkpointFileName(env))
  }

  /**
   * The counts of an earlier, interrupted run. A file that cannot be used (another environment,
   * not a checkpoint) is ignored, with the reason, and replaced by the next save.
   */
  async read(): Promise<CheckpointRead> {
    let text: string
    try {
      text = await readFile(this.path, 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT')
        return { kind: 'none' }
      throw err
    }
    let parsed: Partial<CountingCheckpoint>
    try {
      parsed = JSON.parse(text) as Partial<CountingCheckpoint>
    } catch {
      return { kind: 'ignored', reason: 'it is not JSON' }
    }
    if (parsed?.version !== 1 || !Array.isArray(parsed.customers))
      return { kind: 'ignored', reason: 'it is not a counting checkpoint' }
    if (parsed.environment !== this.env)
      return {
        kind: 'ignored',
        reason: `it belongs to environment ${String(parsed.environment)}`,
      }
    const counts = new Map<string, CheckpointEntry>()
    for (const c of parsed.customers) if (isCount(c)) counts.set(c.customer, c)
    return { kind: 'loaded', updatedAt: String(parsed.updatedAt), counts }
  }

  /** Replaces the file whole (written aside, then renamed), so that a crash never leaves half of one. */
  async save(
    customers: Iterable<CheckpointEntry>,
    now = new Date()
  ): Promise<void> {
    const checkpoint: CountingCheckpoint = {
      version: 1,
      environment: this.env,
      updatedAt: now.toISOString(),
      customers: [...customers],
    }
    const temporary = `${this.path}.tmp`
    await writeFile(temporary, JSON.stringify(checkpoint))
    await rename(temporary, this.path)
  }

  async remove(): Promise<void> {
    await rm(this.path, { force: true })
  }
}

const isCount = (c: unknown): c is CheckpointEntry => {
  const v = c as Partial<CheckpointEntry> | null
  return (
    typeof v?.customer === 'string' &&
    [v.uploads, v.spaces, v.emptySpaces, v.scanned].every(
      (n) => typeof n === 'number' && Number.isInteger(n) && n >= 0
    )
  )
}
