/** Objects by key, as an R2/S3 bucket holds them (the carpark, the claims bucket). */
export interface BlobStore {
  put(key: string, bytes: Uint8Array): Promise<void>
  get(key: string): Promise<Uint8Array | undefined>
  /** Size in bytes, or undefined when there is no such object. */
  size(key: string): Promise<number | undefined>
  delete(key: string): Promise<void>
}
