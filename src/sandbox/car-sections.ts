import { CID, varint } from 'multiformats'

/** One block of a CAR: where its data starts and how long it is, as the index worker reports it. */
export interface CarBlock {
  cid: CID
  /** Absolute offset of the block's data (after the section's length varint and CID). */
  offset: number
  length: number
}

/**
 * The blocks of CAR `bytes` from byte `from`, which must be 0 (the header is skipped) or the start
 * of a section. A truncated last section ends the iteration with an error.
 */
export function* carBlocks(bytes: Uint8Array, from = 0): Generator<CarBlock> {
  let position = from
  if (position === 0) {
    const [headerLength, width] = varint.decode(bytes)
    position = width + headerLength
  }
  while (position < bytes.length) {
    const [sectionLength, width] = varint.decode(bytes.subarray(position))
    const sectionStart = position + width
    const sectionEnd = sectionStart + sectionLength
    if (sectionEnd > bytes.length)
      throw new Error(`truncated CAR section at byte ${position}`)
    const [cid, rest] = CID.decodeFirst(
      bytes.subarray(sectionStart, sectionEnd)
    )
    yield { cid, offset: sectionEnd - rest.length, length: rest.length }
    position = sectionEnd
  }
}
