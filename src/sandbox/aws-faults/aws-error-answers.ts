import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

/** The AWS services the worker reaches, by the name the fault tools use. */
export const AWS_SERVICES = ['dynamodb', 's3', 'sqs'] as const
export type AwsService = (typeof AWS_SERVICES)[number]

/** An error AWS answers at the HTTP level: throttling, or a server-side failure. */
export type AwsErrorKind = 'throttle' | '5xx'

export interface AwsErrorAnswer {
  status: number
  headers: Record<string, string>
  body: string
  /** The error code the SDK will read from the answer (for logs and counts). */
  code: string
}

/**
 * The answers AWS gives, byte for byte in the parts the SDK reads: DynamoDB and SQS speak AWS
 * JSON 1.0 (`__type`, and for SQS the `x-amzn-query-error` header), S3 speaks REST-XML (`<Code>`,
 * no body on HEAD). Throttling alternates between the two names DynamoDB uses, so that the SDK's
 * classification of both is exercised.
 */
export function awsErrorAnswer(
  service: AwsService,
  kind: AwsErrorKind,
  req: IncomingMessage,
  nth: number
): AwsErrorAnswer {
  const requestId = randomUUID()
  switch (service) {
    case 'dynamodb':
      return kind === 'throttle'
        ? nth % 2 === 0
          ? dynamoJson(
              400,
              'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
              'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.',
              requestId
            )
          : dynamoJson(
              400,
              'com.amazon.coral.availability#ThrottlingException',
              'Rate of requests exceeds the allowed throughput.',
              requestId
            )
        : dynamoJson(
            500,
            'com.amazonaws.dynamodb.v20120810#InternalServerError',
            'Internal server error',
            requestId
          )
    case 'sqs':
      return kind === 'throttle'
        ? sqsJson(
            400,
            'ThrottlingException',
            'Rate exceeded',
            'Sender',
            requestId
          )
        : sqsJson(
            500,
            'InternalFailure',
            'The request processing has failed because of an unknown error, exception or failure.',
            'Receiver',
            requestId
          )
    case 's3':
      return kind === 'throttle'
        ? s3Xml(
            503,
            'SlowDown',
            'Please reduce your request rate.',
            req,
            requestId
          )
        : s3Xml(
            500,
            'InternalError',
            'We encountered an internal error. Please try again.',
            req,
            requestId
          )
  }
}

function dynamoJson(
  status: number,
  type: string,
  message: string,
  requestId: string
): AwsErrorAnswer {
  return {
    status,
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amzn-requestid': requestId,
    },
    body: JSON.stringify({ __type: type, message }),
    code: type.split('#')[1] ?? type,
  }
}

function sqsJson(
  status: number,
  code: string,
  message: string,
  fault: 'Sender' | 'Receiver',
  requestId: string
): AwsErrorAnswer {
  return {
    status,
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amzn-requestid': requestId,
      'x-amzn-query-error': `${code};${fault}`,
    },
    body: JSON.stringify({ __type: `com.amazonaws.sqs#${code}`, message }),
    code,
  }
}

function s3Xml(
  status: number,
  code: string,
  message: string,
  req: IncomingMessage,
  requestId: string
): AwsErrorAnswer {
  const body =
    req.method === 'HEAD'
      ? ''
      : `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${requestId}</RequestId><HostId>${requestId}</HostId></Error>`
  return {
    status,
    headers: {
      'content-type': 'application/xml',
      'x-amz-request-id': requestId,
    },
    body,
    code,
  }
}
