/** The upload service's signer is not a did:web, which upload-api requires of a storage provider. */
export class InvalidServiceSigner extends Error {
  override name = 'InvalidServiceSigner' as const
  constructor(did: string) {
    super(`the upload service must sign as a did:web, got ${did}`)
  }
}

/** A provisioning request named something that is not a did:key space or a did:mailto customer. */
export class InvalidProvision extends Error {
  override name = 'InvalidProvision' as const
}

/** The space is already provisioned by this service for a different customer. */
export class ProvisionConflict extends Error {
  override name = 'ProvisionConflict' as const
  constructor(space: string, existing: string, requested: string) {
    super(
      `${space} is provisioned for ${existing}, cannot provision it for ${requested}`
    )
  }
}

/** The upload-api in-memory provisions store refused a provision. */
export class ProvisionFailed extends Error {
  override name = 'ProvisionFailed' as const
}
