import { randomBytes } from 'node:crypto'
import { ed25519 } from '@ucanto/principal'
import { base58btc } from 'multiformats/bases/base58'
import type { UploadMigrationPorts } from '../../src/migration/migrate-upload.js'
import type { ShardProtocol, UploadRecord } from '../../src/migration/ports.js'
import { encodeUpload } from '../../src/sandbox/seed/encode-upload.js'
import { LocalIpniQueue } from '../../src/services/ipni-queue/local.js'
import { MemoryBlobStore } from '../../src/services/object-store/local.js'
import { MemoryCarpark } from './memory-carpark.js'
import { MemoryIndexWorker } from './memory-index-worker.js'
import { MemoryIndexer } from './memory-indexer.js'
import { memorySizeTables } from './memory-size-tables.js'
import { MemoryUploadService } from './memory-upload-service.js'

export interface FakeUpload {
  /** Blob (allocation table) or store protocol. */
  protocol?: ShardProtocol
  /** Leave the shards' bytes out of the carpark and the index worker. */
  missingBytes?: boolean
  /** Leave the shards' sizes out of both tables. */
  missingSize?: boolean
  /** Leave the shard list out of the row. */
  noShardsInRow?: boolean
  bytes?: number
}

/**
 * Every port of one upload's migration, in memory, and a way to add legacy uploads with real
 * CAR shards (the upload client's encoder) to it. Step tests run on it in milliseconds.
 */
export async function fakeUploadWorld() {
  const indexer = new MemoryIndexer()
  const indexWorker = new MemoryIndexWorker()
  const uploadService = new MemoryUploadService(indexer)
  const carpark = new MemoryCarpark()
  const sizes = memorySizeTables()
  const claimsBucket = new MemoryBlobStore()
  const ipni = {
    blob: new LocalIpniQueue(new MemoryBlobStore()),
    store: new LocalIpniQueue(new MemoryBlobStore()),
  }
  const migrationSpace = await ed25519.generate()
  uploadService.provisioned.add(migrationSpace.did())
  const uploadServiceSigner = (await ed25519.generate()).withDID(
    uploadService.did
  )
  const space = (await ed25519.generate()).did()
  const ports: UploadMigrationPorts = {
    indexer,
    indexWorker,
    uploadService,
    sizes,
    claims: {
      uploadServiceSigner,
      claimsBucket,
      ipni,
      carpark,
      piriUrl: 'https://piri.memory',
      peerIds: { blob: '12D3KooWBlob', store: '12D3KooWStore' },
    },
    migrationSpace: async () => migrationSpace,
  }

  async function addUpload(options: FakeUpload = {}): Promise<UploadRecord> {
    const protocol = options.protocol ?? 'blob'
    const content = randomBytes(options.bytes ?? 3_000)
    const encoded = await encodeUpload(content, {
      chunkSize: 512,
      shardSize: 2_048,
    })
    for (const shard of encoded.shards) {
      const cid = shard.cid.toString()
      const z = base58btc.encode(shard.cid.multihash.bytes)
      if (!options.missingBytes) {
        indexWorker.shards.set(cid, shard.bytes)
        carpark.urls.add(
          carpark.templates[protocol]
            .replaceAll('{blob}', z)
            .replaceAll('{blobCID}', cid)
        )
      }
      if (!options.missingSize)
        if (protocol === 'blob')
          sizes.allocation.put(space, z, shard.bytes.length)
        else sizes.store.put(space, cid, shard.bytes.length)
    }
    return {
      space,
      root: encoded.root.toString(),
      shards: options.noShardsInRow
        ? []
        : encoded.shards.map((s) => s.cid.toString()),
    }
  }

  /** Side effects so far, to show a second run writes nothing. */
  const writes = () => ({
    blobs: uploadService.added.length,
    indexes: [...indexer.indexes.values()].reduce((n, m) => n + m.size, 0),
    locations: indexer.locations.length,
    jobs: ipni.blob.jobs.length + ipni.store.jobs.length,
  })

  return {
    ports,
    space,
    migrationSpace,
    indexer,
    indexWorker,
    uploadService,
    carpark,
    sizes,
    claimsBucket,
    ipni,
    addUpload,
    writes,
  }
}
