import {
  type DynamoDBDocumentClient,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb'

/** A condition on the item's current state; its placeholders must not start with #a or :v. */
export interface Condition {
  expression: string
  names?: Record<string, string>
  values?: Record<string, unknown>
}

/**
 * Sets the given attributes (undefined ones are skipped) and adds to the given counters on an
 * item, creating it if needed, and returns the item as it is after the update. `condition` guards the write (a ConditionalCheck
 * failure is thrown to the caller).
 */
export async function setAttributes(
  client: DynamoDBDocumentClient,
  tableName: string,
  key: Record<string, unknown>,
  fields: Record<string, unknown>,
  {
    condition,
    ifNotExists = {},
    add = {},
  }: {
    condition?: Condition
    ifNotExists?: Record<string, unknown>
    add?: Record<string, number>
  } = {}
): Promise<Record<string, unknown>> {
  const names: Record<string, string> = { ...condition?.names }
  const values: Record<string, unknown> = { ...condition?.values }
  const sets: string[] = []
  let i = 0
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue
    names[`#a${i}`] = name
    values[`:v${i}`] = value
    sets.push(`#a${i} = :v${i}`)
    i++
  }
  for (const [name, value] of Object.entries(ifNotExists)) {
    names[`#a${i}`] = name
    values[`:v${i}`] = value
    sets.push(`#a${i} = if_not_exists(#a${i}, :v${i})`)
    i++
  }
  const adds: string[] = []
  for (const [name, value] of Object.entries(add)) {
    names[`#a${i}`] = name
    values[`:v${i}`] = value
    adds.push(`#a${i} :v${i}`)
    i++
  }
  const out = await client.send(
    new UpdateCommand({
      TableName: tableName,
      Key: key,
      UpdateExpression: `SET ${sets.join(', ')}${adds.length > 0 ? ` ADD ${adds.join(', ')}` : ''}`,
      ConditionExpression: condition?.expression,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ReturnValues: 'ALL_NEW',
    })
  )
  return out.Attributes ?? {}
}
