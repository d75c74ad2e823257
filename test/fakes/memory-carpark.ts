import type { CarparkPort, ShardProtocol } from '../../src/migration/ports.js'

/** The carpark as a set of URLs that answer a HEAD. */
export class MemoryCarpark implements CarparkPort {
  readonly templates: Record<ShardProtocol, string> = {
    blob: 'https://carpark.memory/{blob}/{blob}.blob',
    store: 'https://carpark.memory/{blobCID}/{blobCID}.car',
  }
  readonly urls = new Set<string>()

  async exists(url: string) {
    return this.urls.has(url)
  }
}
