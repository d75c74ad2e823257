import { SpaceHasNoOwner } from '../../src/failures/index.js'
import type { UploadPagePorts } from '../../src/activities/migrate-upload-page.js'
import type { SmallSpacesPorts } from '../../src/activities/migrate-small-spaces.js'
import type { UploadOutcome } from '../../src/migration/migrate-upload.js'
import type { UploadRecord } from '../../src/services/dynamo/upload-table.js'

/** Spaces of in-memory uploads and rows; `fail` decides what migrating an upload throws, if anything. */
export function smallSpacesWorld(
  sizes: Record<string, number>,
  fail: (root: string, attempt: number) => Error | undefined = () => undefined
) {
  const uploadsOf = (space: string): UploadRecord[] =>
    Array.from({ length: sizes[space] ?? 0 }, (_, u) => ({
      space,
      root: `${space}-u${u}`,
      shards: [],
    }))
  const rows = new Map<
    string,
    { status: string; error?: string; updatedAt?: string }
  >()
  const migrations = new Map<string, number>()
  const started: string[] = []
  const pauses: string[] = []
  const page: UploadPagePorts = {
    listPage: async ({ space, cursor, pageSize }) => {
      const after = uploadsOf(space).filter(
        (u) => cursor === undefined || u.root > cursor
      )
      const uploads = after.slice(0, pageSize)
      return {
        uploads,
        cursor: after.length > pageSize ? uploads.at(-1)!.root : undefined,
      }
    },
    survey: async (todo) => todo.map(() => ({})),
    verify: async (outcomes) => [...outcomes],
    migrate: async (_c, upload): Promise<UploadOutcome> => {
      const times = (migrations.get(upload.root) ?? 0) + 1
      migrations.set(upload.root, times)
      const err = fail(upload.root, times)
      if (err) throw err
      return {
        root: upload.root,
        space: upload.space,
        status: 'migrated',
        wrote: { index: true, claims: [] },
      }
    },
    recordFailure: async () => {},
    failedAmong: async () => new Set<string>(),
    clearFailure: async () => {},
    recordProgress: async () => {},
  }
  const ports: SmallSpacesPorts = {
    look: async ({ space }) => {
      const row = rows.get(space)
      const counted = sizes[space] ?? 0
      return {
        wasCompleted: row?.status === 'completed',
        ...(row
          ? { row: { status: row.status, updatedAt: row.updatedAt } as never }
          : {}),
        count: { counted },
      }
    },
    start: async ({ space }) => {
      started.push(space)
      if (space.startsWith('ownerless'))
        throw new SpaceHasNoOwner('gateway', `${space} has no owner`)
      rows.set(space, { status: 'in-progress' })
      return {
        totalUploads: sizes[space] ?? 0,
        completedUploads: 0,
        gateway: { status: 'authorized' },
      }
    },
    finish: async ({ space, status, error }) => {
      rows.set(space, {
        status,
        ...(error ? { error } : {}),
        updatedAt: new Date().toISOString(),
      })
      return { added: 0 }
    },
    showPause: async (_c, space, reason) => {
      pauses.push(`${space}: ${reason}`)
    },
    page,
  }
  return { ports, rows, migrations, started, pauses }
}
