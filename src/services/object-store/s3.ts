import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3'
import { awsFailure, type Step } from '../../failures/index.js'
import type { BlobStore } from './types.js'

export interface S3Options {
  region: string
  /** S3-compatible endpoint (R2, a local emulator); AWS when unset. */
  endpoint?: string
  credentials?: { accessKeyId: string; secretAccessKey: string }
  requestTimeoutMs?: number
  /** Attempts per request, including the first (SDK standard retry with backoff). */
  maxAttempts?: number
}

/** An S3 client with timeouts on every request; path-style when an endpoint is given. */
export function createS3Client({
  region,
  endpoint,
  credentials,
  requestTimeoutMs = 30_000,
  maxAttempts = 5,
}: S3Options): S3Client {
  return new S3Client({
    region,
    endpoint,
    forcePathStyle: endpoint !== undefined,
    credentials,
    maxAttempts,
    requestHandler: {
      connectionTimeout: 3_000,
      requestTimeout: requestTimeoutMs,
      // Without it the SDK (@smithy/node-http-handler 4.x) only logs that the request timeout
      // passed and keeps waiting: a held connection would stall the call, and its activity, for good.
      throwOnRequestTimeout: true,
    },
  })
}

/**
 * A bucket as a BlobStore, and the only place that classifies S3's failures (with the AWS SDK
 * classifier, naming `step`): a missing object is `undefined`, not a failure.
 */
export class S3BlobStore implements BlobStore {
  constructor(
    readonly client: S3Client,
    readonly bucket: string,
    readonly step: Step = 'unknown'
  ) {}

  async put(key: string, bytes: Uint8Array) {
    const command = new PutObjectCommand({
      Bucket: this.bucket,
      Key: key,
      Body: bytes,
    })
    await this.client.send(command).catch((err: unknown) => {
      throw awsFailure(this.step, `storing ${this.bucket}/${key}`, err)
    })
  }

  async get(key: string) {
    try {
      const out = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: key })
      )
      return out.Body ? await out.Body.transformToByteArray() : new Uint8Array()
    } catch (err) {
      if (err instanceof NoSuchKey) return undefined
      throw awsFailure(this.step, `reading ${this.bucket}/${key}`, err)
    }
  }

  async size(key: string) {
    try {
      const out = await this.client.send(
        new HeadObjectCommand({ Bucket: this.bucket, Key: key })
      )
      return out.ContentLength
    } catch (err) {
      if (
        err instanceof NotFound ||
        (err instanceof Error && err.name === 'NotFound')
      )
        return undefined
      throw awsFailure(this.step, `sizing ${this.bucket}/${key}`, err)
    }
  }

  async delete(key: string) {
    const command = new DeleteObjectCommand({ Bucket: this.bucket, Key: key })
    await this.client.send(command).catch((err: unknown) => {
      throw awsFailure(this.step, `deleting ${this.bucket}/${key}`, err)
    })
  }
}
