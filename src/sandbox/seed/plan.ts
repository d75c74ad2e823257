import { SeededRandom } from './random.js'
import {
  customerSpaces,
  realisticSpaceCount,
  stratumOf,
  stratumUploads,
} from './realistic-shape.js'

/** What a legacy upload already has when the migration finds it (spec/MIGRATION-FLOW.md). */
export const UPLOAD_STATES = [
  'not-started',
  'index-only',
  'claims-only',
  'claims-without-space',
  'complete',
] as const
export type UploadState = (typeof UPLOAD_STATES)[number]

/** The awkward uploads the migration must survive; `normal` for the rest. */
export const UPLOAD_QUIRKS = [
  'normal',
  'store-protocol',
  'no-shards-in-row',
  'no-shards-no-index',
  'missing-size',
  'missing-blob',
] as const
export type UploadQuirk = (typeof UPLOAD_QUIRKS)[number]

export interface SeedOptions {
  seed: string
  customers: number
  spacesPerCustomer: number
  uploadsPerSpace: number
  /** Shards per upload (real mode: approximate, the encoder decides). */
  shardsPerUpload: number
  /** Blocks per shard (real mode: ~1 KiB blocks). */
  blocksPerShard: number
  /** No CARs: synthetic CIDs and sizes, for scale tests of hundreds of thousands of uploads. */
  metadataOnly: boolean
  /** How many spaces get `largeSpaceUploads` uploads instead. */
  largeSpaces: number
  largeSpaceUploads: number
  /**
   * How uploads spread over spaces. `uniform` (unset): `spacesPerCustomer` spaces of
   * `uploadsPerSpace` each. `realistic`: the real data's proportions for `customers` customers
   * (realistic-shape.ts); `spacesPerCustomer` and `uploadsPerSpace` are then unused.
   */
  shape?: SeedShape
}

export const SEED_SHAPES = ['uniform', 'realistic'] as const
export type SeedShape = (typeof SEED_SHAPES)[number]

export const DEFAULT_SEED_OPTIONS: SeedOptions = {
  seed: 'storacha-sandbox',
  customers: 4,
  spacesPerCustomer: 2,
  uploadsPerSpace: 6,
  shardsPerUpload: 2,
  blocksPerShard: 8,
  metadataOnly: false,
  largeSpaces: 0,
  largeSpaceUploads: 0,
}

export type CustomerKind = 'mailto' | 'not-mailto' | 'skip-listed'

export interface PlannedCustomer {
  index: number
  did: string
  kind: CustomerKind
}

export interface PlannedSpace {
  /** Seed of the space's key (a did:key derived from it). */
  keySeed: string
  customer: PlannedCustomer
  uploads: number
  hasOwnerDelegation: boolean
}

export interface PlannedUpload {
  /** Seed of the upload's content. */
  contentSeed: string
  state: UploadState
  quirk: UploadQuirk
}

/** Rotated through first, so that a world of a dozen uploads already holds every case. */
const COVERAGE: readonly Pick<PlannedUpload, 'state' | 'quirk'>[] = [
  ...UPLOAD_STATES.map((state) => ({ state, quirk: 'normal' as const })),
  { state: 'not-started', quirk: 'store-protocol' },
  { state: 'index-only', quirk: 'no-shards-in-row' },
  { state: 'not-started', quirk: 'no-shards-no-index' },
  { state: 'not-started', quirk: 'missing-size' },
  { state: 'not-started', quirk: 'missing-blob' },
  { state: 'claims-only', quirk: 'store-protocol' },
]

export const SKIP_LISTED_CUSTOMER_DOMAIN = 'mailslurp.com'

export function* planCustomers(
  options: SeedOptions
): Generator<PlannedCustomer> {
  // The seed names the customers, so that worlds of different seeds never share a customer
  // (nor its workflow IDs on a shared Temporal server).
  const tag = options.seed.toLowerCase().replace(/[^a-z0-9-]+/g, '-')
  for (let index = 0; index < options.customers; index++) {
    const kind: CustomerKind =
      index > 0 && index % 10 === 7
        ? 'skip-listed'
        : index % 10 === 9
          ? 'not-mailto'
          : 'mailto'
    const did =
      kind === 'skip-listed'
        ? `did:mailto:${SKIP_LISTED_CUSTOMER_DOMAIN}:ci-${tag}-${index}`
        : kind === 'not-mailto'
          ? `did:web:customer-${index}.${tag}.example`
          : `did:mailto:customer-${index}.${tag}.example:owner`
    yield { index, did, kind }
  }
}

/**
 * The spaces of a customer. Uniform: the customer's last space is empty when it has several.
 * Either shape: one space in seven has no owner delegation; the first `largeSpaces` spaces of the
 * world are large.
 */
export function* planSpaces(
  options: SeedOptions,
  customer: PlannedCustomer
): Generator<PlannedSpace> {
  const realistic = options.shape === 'realistic'
  const { first, end } = realistic
    ? customerSpaces(customer.index, options.customers)
    : {
        first: customer.index * options.spacesPerCustomer,
        end: (customer.index + 1) * options.spacesPerCustomer,
      }
  const strata = realisticSpaceCount(options.customers)
  for (let ordinal = first; ordinal < end; ordinal++) {
    const empty =
      !realistic &&
      options.spacesPerCustomer > 1 &&
      ordinal === end - 1 &&
      customer.index % 2 === 1
    const uploads =
      ordinal < options.largeSpaces
        ? options.largeSpaceUploads
        : realistic
          ? stratumUploads(stratumOf(ordinal, strata), strata)
          : options.uploadsPerSpace
    yield {
      keySeed: `${options.seed}/space/${ordinal}`,
      customer,
      uploads: empty ? 0 : uploads,
      hasOwnerDelegation: ordinal % 7 !== 3,
    }
  }
}

/** The state and quirk of upload number `global` in the world (a stable function of the seed). */
export function planUpload(
  options: SeedOptions,
  global: number
): PlannedUpload {
  const contentSeed = `${options.seed}/upload/${global}`
  const covered = COVERAGE[global]
  if (covered) return { contentSeed, ...covered }
  const random = new SeededRandom(contentSeed)
  const roll = random.next()
  const state: UploadState =
    roll < 0.4
      ? 'not-started'
      : roll < 0.55
        ? 'index-only'
        : roll < 0.7
          ? 'claims-only'
          : roll < 0.8
            ? 'claims-without-space'
            : 'complete'
  const quirkRoll = random.next()
  const quirk: UploadQuirk =
    quirkRoll < 0.85
      ? 'normal'
      : quirkRoll < 0.95
        ? 'store-protocol'
        : quirkRoll < 0.97
          ? 'missing-size'
          : 'missing-blob'
  return { contentSeed, state, quirk }
}
