/**
 * A small real upload: a UnixFS directory encoded and sharded by `@storacha/upload-client`, and
 * its ShardedDAGIndex built the way the client builds it (block slices plus whole-shard slices).
 */
import { ShardedDAGIndex } from '@storacha/blob-index'
import type { ShardedDAGIndexView } from '@storacha/blob-index/types'
import { ShardingStream, UnixFS } from '@storacha/upload-client'
import type { Link, MultihashDigest, UnknownLink } from 'multiformats'
import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'

const CAR_CODE = 0x0202

export interface Blob {
  bytes: Uint8Array
  digest: MultihashDigest
  cid: Link<unknown, typeof CAR_CODE, number, 1>
}

export interface Upload {
  root: UnknownLink
  shards: Blob[]
  index: Blob & { view: ShardedDAGIndexView }
  /** Multihash of the first block of each file, which sits in some shard. */
  fileBlocks: MultihashDigest[]
}

/** `files` files of `fileSize` pseudo-random bytes, in shards of at most `shardSize` bytes. */
export async function buildUpload({
  files = 6,
  fileSize = 40_000,
  shardSize = 100_000,
  seed = 1,
} = {}): Promise<Upload> {
  const inputs = Array.from(
    { length: files },
    (_, i) => new File([pseudoRandom(fileSize, seed + i)], `file-${i}.bin`)
  )
  const shards: Blob[] = []
  const view = ShardedDAGIndex.create(CID.parse('bafkqaaa'))
  let root: UnknownLink | undefined
  await UnixFS.createDirectoryEncoderStream(inputs)
    .pipeThrough(new ShardingStream({ shardSize }))
    .pipeTo(
      new WritableStream({
        async write(car) {
          const shard = await blob(new Uint8Array(await car.arrayBuffer()))
          for (const [slice, position] of car.slices)
            view.setSlice(shard.digest, slice, position)
          view.setSlice(shard.digest, shard.digest, [0, shard.bytes.length])
          root = car.roots[0] ?? root
          shards.push(shard)
        },
      })
    )
  if (!root) throw new Error('the encoder produced no root')
  const index = ShardedDAGIndex.create(root)
  for (const [shard, slices] of view.shards)
    for (const [slice, position] of slices)
      index.setSlice(shard, slice, position)
  const archive = await index.archive()
  if (archive.error) throw archive.error
  const fileBlocks = await Promise.all(
    inputs.map(async (file) =>
      sha256.digest(new Uint8Array(await file.arrayBuffer()))
    )
  )
  return {
    root,
    shards,
    index: { ...(await blob(archive.ok)), view: index },
    fileBlocks,
  }
}

async function blob(bytes: Uint8Array): Promise<Blob> {
  const digest = await sha256.digest(bytes)
  return {
    bytes,
    digest,
    cid: CID.createV1(CAR_CODE, digest) as Link<
      unknown,
      typeof CAR_CODE,
      number,
      1
    >,
  }
}

function pseudoRandom(size: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(size)
  let x = seed
  for (let i = 0; i < size; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0
    bytes[i] = x >>> 24
  }
  return bytes
}
