import * as UnixFS from '@ipld/unixfs'
import { withMaxChunkSize } from '@ipld/unixfs/file/chunker/fixed'
import { withWidth } from '@ipld/unixfs/file/layout/balanced'
import { ShardingStream } from '@storacha/upload-client/sharding'
import { createFileEncoderStream } from '@storacha/upload-client/unixfs'
import type { MultihashDigest } from 'multiformats'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { CAR_CODEC } from '../../migration/car-codec.js'

export interface EncodedShard {
  cid: CID
  bytes: Uint8Array
  /** Block positions as the upload client's sharding stream recorded them (its index input). */
  slices: Map<MultihashDigest, [number, number]>
}

export interface EncodedUpload {
  root: CID
  shards: EncodedShard[]
}

/**
 * Encodes `content` as a UnixFS file and shards it into CARs exactly as `@storacha/upload-client`
 * does (its encoder and sharding stream), with a small chunk size so that small test data still
 * makes many blocks and several shards.
 */
export async function encodeUpload(
  content: Uint8Array,
  {
    chunkSize = 1024,
    shardSize = 64 * 1024,
  }: { chunkSize?: number; shardSize?: number } = {}
): Promise<EncodedUpload> {
  const settings = UnixFS.configure({
    fileChunkEncoder: raw,
    smallFileEncoder: raw,
    chunker: withMaxChunkSize(chunkSize),
    fileLayout: withWidth(1024),
  })
  const cars = createFileEncoderStream(new Blob([content]), {
    settings,
  }).pipeThrough(new ShardingStream({ shardSize }))
  const shards: EncodedShard[] = []
  let root: CID | undefined
  for await (const car of cars as unknown as AsyncIterable<
    Blob & { roots: CID[]; slices: Map<MultihashDigest, [number, number]> }
  >) {
    const bytes = new Uint8Array(await car.arrayBuffer())
    shards.push({
      cid: CID.create(1, CAR_CODEC, await sha256.digest(bytes)),
      bytes,
      slices: car.slices,
    })
    root = car.roots[0] ?? root
  }
  if (!root) throw new Error('the encoder produced no root')
  return { root, shards }
}
