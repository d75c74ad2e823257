import { CAR, Delegation } from '@ucanto/core'
import type {
  Block,
  Delegation as UcantoDelegation,
  UCANBlock,
} from '@ucanto/interface'

/**
 * The delegation `cid` from stored CAR bytes. Two layouts exist in the delegation bucket: a
 * ucanto archive (`delegation.archive()`, what the sandbox seeder writes) and a plain CAR whose
 * roots are the delegations (`delegationsToBytes` in @storacha/access, what w3infra writes).
 * Undefined when the bytes hold neither form or not that delegation.
 */
export async function decodeDelegation(
  bytes: Uint8Array,
  cid: string
): Promise<UcantoDelegation | undefined> {
  const archived = await Delegation.extract(bytes).catch(() => undefined)
  if (archived?.ok)
    return archived.ok.cid.toString() === cid ? archived.ok : undefined
  return fromRoots(bytes, cid)
}

function fromRoots(bytes: Uint8Array, cid: string) {
  let car: ReturnType<typeof CAR.decode>
  try {
    car = CAR.decode(bytes)
  } catch {
    return undefined
  }
  const root = car.roots.find((block) => block.cid.toString() === cid)
  if (!root) return undefined
  const blocks = new Map<string, Block>()
  for (const block of car.blocks.values())
    blocks.set(block.cid.toString(), block)
  for (const block of car.roots) blocks.set(block.cid.toString(), block)
  return Delegation.create({ root: root as UCANBlock, blocks })
}
