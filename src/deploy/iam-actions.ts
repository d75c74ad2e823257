/**
 * The IAM action each AWS SDK command class needs. A command missing here makes the access
 * analysis fail, so a new kind of request cannot reach production without a policy decision.
 */
export const DYNAMODB_ACTIONS: Readonly<Record<string, string>> = {
  // @aws-sdk/lib-dynamodb
  GetCommand: 'dynamodb:GetItem',
  PutCommand: 'dynamodb:PutItem',
  UpdateCommand: 'dynamodb:UpdateItem',
  DeleteCommand: 'dynamodb:DeleteItem',
  QueryCommand: 'dynamodb:Query',
  ScanCommand: 'dynamodb:Scan',
  BatchGetCommand: 'dynamodb:BatchGetItem',
  BatchWriteCommand: 'dynamodb:BatchWriteItem',
  // @aws-sdk/client-dynamodb
  GetItemCommand: 'dynamodb:GetItem',
  PutItemCommand: 'dynamodb:PutItem',
  UpdateItemCommand: 'dynamodb:UpdateItem',
  DeleteItemCommand: 'dynamodb:DeleteItem',
  DescribeTableCommand: 'dynamodb:DescribeTable',
  CreateTableCommand: 'dynamodb:CreateTable',
  UpdateTableCommand: 'dynamodb:UpdateTable',
  DeleteTableCommand: 'dynamodb:DeleteTable',
  ListTablesCommand: 'dynamodb:ListTables',
}

export const S3_ACTIONS: Readonly<Record<string, string>> = {
  PutObjectCommand: 's3:PutObject',
  GetObjectCommand: 's3:GetObject',
  // HEAD is authorized as a GET.
  HeadObjectCommand: 's3:GetObject',
  DeleteObjectCommand: 's3:DeleteObject',
}

export const SQS_ACTIONS: Readonly<Record<string, string>> = {
  SendMessageCommand: 'sqs:SendMessage',
  // SQS authorizes a batch as its messages: SendMessageBatch needs sqs:SendMessage.
  SendMessageBatchCommand: 'sqs:SendMessage',
}

/** Actions whose resource may be an index of the table rather than the table itself. */
export const INDEX_ACTIONS: ReadonlySet<string> = new Set([
  'dynamodb:Query',
  'dynamodb:Scan',
])
