import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3'
import type { BlobStore } from './types.js'

export interface S3Options {
  region: string
  /** S3-compatible endpoint (R2, a local emulator); AWS when unset. */
  endpoint?: string
  credentials?: { accessKeyId: string; secretAccessKey: string }
  requestTimeoutMs?: number
}

/** An S3 client with timeouts on every request; path-style when an endpoint is given. */
export function createS3Client({
  region,
  endpoint,
  credentials,
  requestTimeoutMs = 30_000,
}: S3Options): S3Client {
  return new S3Client({
    region,
    endpoint,
    forcePathStyle: endpoint !== undefined,
    credentials,
    maxAttempts: 5,
    requestHandler: {
      connectionTimeout: 3_000,
      requestTimeout: requestTimeoutMs,
    },
  })
}

/** A bucket as a BlobStore. */
export class S3BlobStore implements BlobStore {
  constructor(
    readonly client: S3Client,
    readonly bucket: string
  ) {}

  async put(key: string, bytes: Uint8Array) {
    await this.client.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: bytes })
    )
  }

  async get(key: string) {
    try {
      const out = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: key })
      )
      return out.Body ? await out.Body.transformToByteArray() : new Uint8Array()
    } catch (err) {
      if (err instanceof NoSuchKey) return undefined
      throw err
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
      throw err
    }
  }

  async delete(key: string) {
    await this.client.send(
      new DeleteObjectCommand({ Bucket: this.bucket, Key: key })
    )
  }
}
