/** The CAR multicodec: legacy shards and index archives are named by CAR CIDs (`bagbaiera…`). */
export const CAR_CODEC = 0x0202
