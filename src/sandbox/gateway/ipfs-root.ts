import { CID } from 'multiformats/cid'

/** Why a request names no valid root CID (Freeway answers 400). */
export class InvalidRoot extends Error {
  override name = 'InvalidRoot' as const
}

/**
 * The root CID a gateway request names, in either of gateway-lib's URL forms: path
 * `/ipfs/<cid>[/…]` or subdomain `<cid>.ipfs.<host>` (taken from the Host header). Undefined when
 * the request is in neither form; `InvalidRoot` when the CID does not parse.
 */
export function ipfsRoot(
  url: URL,
  host: string | undefined
): string | undefined {
  const [first, second] = (host ?? '').split('.')
  if (second === 'ipfs' && first) return parseRoot(first)
  const match = /^\/ipfs\/([^/]+)/.exec(url.pathname)
  return match?.[1] ? parseRoot(match[1]) : undefined
}

function parseRoot(text: string): string {
  try {
    return CID.parse(text).toString()
  } catch (cause) {
    throw new InvalidRoot(`invalid CID: ${text}`, { cause })
  }
}
