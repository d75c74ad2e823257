import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb'

/** A conditional put; returns false when an item with that key already exists. */
export async function putIfAbsent(
  client: DynamoDBDocumentClient,
  tableName: string,
  item: Record<string, unknown>,
  partitionKey: string
): Promise<boolean> {
  try {
    await client.send(
      new PutCommand({
        TableName: tableName,
        Item: item,
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': partitionKey },
      })
    )
    return true
  } catch (err) {
    if (err instanceof Error && err.name === 'ConditionalCheckFailedException')
      return false
    throw err
  }
}

/** A row with its insertion time, now unless it has one. */
export const stamped = <T extends { insertedAt?: string }>(
  record: T
): Record<string, unknown> => ({
  ...record,
  insertedAt: record.insertedAt ?? new Date().toISOString(),
})
