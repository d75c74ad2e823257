import type { Assert, Claim } from '@storacha/capabilities'
import type {
  Failure,
  InferInvokedCapability,
  ServiceMethod,
  Unit,
} from '@ucanto/interface'

/** The indexing service's UCAN methods the migration invokes, for typed `@ucanto/client` connections. */
export interface IndexerUcanService {
  assert: {
    index: ServiceMethod<
      InferInvokedCapability<typeof Assert.index>,
      Unit,
      Failure
    >
  }
  claim: {
    cache: ServiceMethod<
      InferInvokedCapability<typeof Claim.cache>,
      Unit,
      Failure
    >
  }
}
