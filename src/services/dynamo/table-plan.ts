import {
  DescribeTableCommand,
  type DynamoDBClient,
  type KeySchemaElement,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb'
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import type { TableNames } from '../../config/types.js'
import { createTableInput, TABLES } from './tables.js'

/** Something a target lacks, against the definitions in tables.ts. */
export type Gap =
  | { kind: 'table'; table: keyof TableNames; name: string; indexes: string[] }
  | { kind: 'index'; table: keyof TableNames; name: string; index: string }
  | {
      kind: 'keys'
      table: keyof TableNames
      name: string
      /** The index whose keys differ; undefined for the table's own keys. */
      index?: string
      expected: string
      found: string
    }

/**
 * What a target (DynamoDB Local or AWS) lacks: every table and GSI of TABLES, by one
 * DescribeTable per table. It reads only; extra tables or indexes on the target are fine.
 */
export async function planTables(
  docClient: DynamoDBDocumentClient,
  names: TableNames
): Promise<Gap[]> {
  // The document client forwards plain commands to the client it wraps; only its types are narrower.
  const client = docClient as unknown as DynamoDBClient
  const gaps: Gap[] = []
  for (const [key, schema] of Object.entries(TABLES)) {
    const table = key as keyof TableNames
    const name = names[table]
    const expected = createTableInput(name, schema)
    const wantedIndexes = expected.GlobalSecondaryIndexes ?? []
    let found
    try {
      found = (await client.send(new DescribeTableCommand({ TableName: name })))
        .Table
    } catch (err) {
      if (!(err instanceof ResourceNotFoundException)) throw err
    }
    if (!found) {
      gaps.push({
        kind: 'table',
        table,
        name,
        indexes: wantedIndexes.map((i) => String(i.IndexName)),
      })
      continue
    }
    const keys = keysOf(expected.KeySchema)
    if (keys !== keysOf(found.KeySchema))
      gaps.push({
        kind: 'keys',
        table,
        name,
        expected: keys,
        found: keysOf(found.KeySchema),
      })
    for (const wanted of wantedIndexes) {
      const index = String(wanted.IndexName)
      // An index being deleted is as good as gone: queries on it already fail.
      const present = found.GlobalSecondaryIndexes?.find(
        (i) => i.IndexName === index && i.IndexStatus !== 'DELETING'
      )
      if (!present) {
        gaps.push({ kind: 'index', table, name, index })
        continue
      }
      const indexKeys = keysOf(wanted.KeySchema)
      if (indexKeys !== keysOf(present.KeySchema))
        gaps.push({
          kind: 'keys',
          table,
          name,
          index,
          expected: indexKeys,
          found: keysOf(present.KeySchema),
        })
    }
  }
  return gaps
}

export function describeGap(gap: Gap): string {
  switch (gap.kind) {
    case 'table':
      return `missing table ${gap.name}${gap.indexes.length > 0 ? ` (with GSI ${gap.indexes.join(', ')})` : ''}`
    case 'index':
      return `missing GSI   ${gap.name} ${gap.index}`
    case 'keys':
      return `wrong keys    ${gap.name}${gap.index ? ` GSI ${gap.index}` : ''}: ${gap.found}, expected ${gap.expected}`
  }
}

const keysOf = (schema: readonly KeySchemaElement[] | undefined) =>
  (schema ?? []).map((k) => `${k.KeyType} ${k.AttributeName}`).join(', ')
