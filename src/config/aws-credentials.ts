/** Fixed credentials DynamoDB Local and the S3/SQS emulator accept (letters and digits only). */
const LOCAL = { accessKeyId: 'local', secretAccessKey: 'local' }

/**
 * The one rule for AWS credentials: a local endpoint without AWS credentials in the environment
 * signs with fixed local ones; otherwise the SDK's default provider chain (instance role,
 * profile, environment) is used.
 */
export function awsCredentialsFor(
  endpoint: string | undefined,
  env: NodeJS.ProcessEnv = process.env
): { accessKeyId: string; secretAccessKey: string } | undefined {
  return endpoint !== undefined && !env.AWS_ACCESS_KEY_ID ? LOCAL : undefined
}
