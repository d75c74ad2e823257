import { after, describe, it } from 'node:test'
import { loadConfig } from '../../src/config/load.js'
import { startSandbox } from '../../src/sandbox/sandbox.js'
import { DEFAULT_CUSTOMER } from '../../src/sandbox/upload-service.js'
import { createUploadService } from '../../src/services/upload-service.js'
import { uploadServiceContract } from '../contracts/upload-service.js'

const sandbox = await startSandbox({ seed: 'upload-service-contract' })
after(() => sandbox.close())
const uploadService = createUploadService({
  ...loadConfig(sandbox.env, ['services']).services.upload,
  timeoutMs: 5_000,
})

describe('the upload service client against the sandbox upload service (contract)', () => {
  for (const [behaviour, check] of Object.entries(uploadServiceContract))
    it(behaviour, () =>
      check({
        uploadService,
        provision: (space) =>
          sandbox.uploadService.provision(space, DEFAULT_CUSTOMER),
        disableWrites: (on) => {
          sandbox.uploadService.writes.disabled = on
        },
      })
    )
})
