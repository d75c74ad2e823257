import { PermanentError } from '../../failures/index.js'

/** The stored key does not belong to the stored space DID: the row is corrupt. */
export class MigrationSpaceKeyMismatch extends PermanentError {
  override name = 'MigrationSpaceKeyMismatch'
  constructor(customer: string, stored: string, derived: string) {
    super(
      'space',
      `migration space of ${customer} is ${stored} but its key is for ${derived}`
    )
  }
}
