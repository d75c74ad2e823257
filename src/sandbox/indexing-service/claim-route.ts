import type { ServerResponse } from 'node:http'
import { CID } from 'multiformats/cid'
import type { ClaimStore } from './claim-store.js'

/** `GET /claim/<cid>`: the claim's delegation archive. */
export async function serveClaim(
  store: ClaimStore,
  res: ServerResponse,
  cidText: string
): Promise<void> {
  let cid: CID
  try {
    cid = CID.parse(decodeURIComponent(cidText))
  } catch {
    res
      .writeHead(400, { 'content-type': 'text/plain' })
      .end(`invalid CID: ${cidText}`)
    return
  }
  const archive = await claimArchive(store, cid.toString())
  if (!archive) {
    res
      .writeHead(404, { 'content-type': 'text/plain' })
      .end(`not found: ${cid}`)
    return
  }
  res
    .writeHead(200, { 'content-type': 'application/vnd.ipld.car' })
    .end(archive)
}

export async function claimArchive(
  store: ClaimStore,
  cid: string
): Promise<Uint8Array | undefined> {
  const claim = store.getClaim(cid)
  if (!claim) return undefined
  const archive = await claim.archive()
  if (archive.error) throw archive.error
  return archive.ok
}
