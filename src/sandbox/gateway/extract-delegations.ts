import { Space } from '@storacha/capabilities'
import { Delegation } from '@ucanto/core'
import type {
  Block,
  Delegation as UcantoDelegation,
  Invocation,
  Link,
  Result,
  UCANBlock,
} from '@ucanto/interface'
import { DelegationBlockNotFound, InvalidDelegation } from './errors.js'

type AnyLink = Link<unknown, number, number, 0 | 1>

/**
 * The delegations named in `access/delegate`'s `nb.delegations`, read from the invocation's
 * blocks as Freeway reads them: each block as a delegation archive, or else as a raw UCAN root
 * with every block of the invocation available as its proofs.
 */
export async function extractDelegations(
  links: Record<string, AnyLink>,
  invocation: Invocation
): Promise<Result<UcantoDelegation[], InvalidDelegation>> {
  const blocks = new Map<string, Block>()
  for (const block of invocation.iterateIPLDBlocks())
    blocks.set(block.cid.toString(), block)
  const delegations = await Promise.all(
    Object.values(links).map((link) => readDelegation(link, blocks))
  )
  if (!delegations.some(carriesContentServe))
    return { error: new InvalidDelegation('no valid delegations found') }
  return { ok: delegations }
}

async function readDelegation(
  link: AnyLink,
  blocks: Map<string, Block>
): Promise<UcantoDelegation> {
  const block = blocks.get(link.toString())
  if (!block) throw new DelegationBlockNotFound(link.toString())
  const archived = await Delegation.extract(block.bytes).catch(() => undefined)
  if (archived?.ok) return archived.ok
  // Freeway's fallback: the linked block is the UCAN itself, not an archive.
  const root = { cid: link.toV1(), bytes: block.bytes } as UCANBlock
  return Delegation.create({ root, blocks })
}

function carriesContentServe(delegation: UcantoDelegation): boolean {
  return delegation.capabilities.some(
    (capability) =>
      Space.contentServe.match({
        capability: capability as Parameters<
          typeof Space.contentServe.match
        >[0]['capability'],
        delegation,
      }).ok !== undefined
  )
}
