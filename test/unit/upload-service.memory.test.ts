import { describe, it } from 'node:test'
import { uploadServiceContract } from '../contracts/upload-service.js'
import { MemoryIndexer } from '../fakes/memory-indexer.js'
import { MemoryUploadService } from '../fakes/memory-upload-service.js'

describe('in-memory upload service (contract)', () => {
  for (const [behaviour, check] of Object.entries(uploadServiceContract))
    it(behaviour, () => {
      const uploadService = new MemoryUploadService(new MemoryIndexer())
      return check({
        uploadService,
        provision: async (space) => {
          uploadService.provisioned.add(space)
        },
        disableWrites: (on) => {
          uploadService.writesDisabled = on
        },
      })
    })
})
