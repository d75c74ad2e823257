/**
 * HTTP provider addresses as multiaddrs: `/ip4|dns/<host>/tcp/<port>/http|https/http-path/<path>`.
 * The binary form holds the raw path, the text form the URL-escaped path, as go-multiaddr's
 * http-path transcoder does (so `{claim}` reads `%7Bclaim%7D` in text and `{claim}` in bytes).
 */
import { varint } from 'multiformats'

const CODE = { ip4: 4, tcp: 6, dns: 53, https: 443, http: 480, httpPath: 481 }

export interface HttpMultiaddr {
  bytes: Uint8Array
  text: string
}

export class UnsupportedAddress extends Error {
  override name = 'UnsupportedAddress' as const
}

/** The multiaddr of a URL template such as `https://host/claim/{claim}`. */
export function httpMultiaddr(template: string): HttpMultiaddr {
  const match = /^(https?):\/\/([^/:?#]+)(?::(\d+))?\/?([^?#]*)$/.exec(template)
  if (!match) throw new UnsupportedAddress(`not an http url: ${template}`)
  const [, scheme = 'https', host = '', portText, path = ''] = match
  const port = Number(portText ?? (scheme === 'https' ? 443 : 80))
  const isIp4 = /^\d+\.\d+\.\d+\.\d+$/.test(host)
  const bytes: Uint8Array[] = isIp4
    ? [code(CODE.ip4), Uint8Array.from(host.split('.').map(Number))]
    : [code(CODE.dns), ...lengthPrefixed(host)]
  bytes.push(code(CODE.tcp), Uint8Array.of(port >> 8, port & 0xff))
  bytes.push(code(scheme === 'https' ? CODE.https : CODE.http))
  let text = `/${isIp4 ? 'ip4' : 'dns'}/${host}/tcp/${port}/${scheme}`
  if (path) {
    bytes.push(code(CODE.httpPath), ...lengthPrefixed(path))
    text += `/http-path/${encodeURIComponent(path)}`
  }
  return { bytes: concat(bytes), text }
}

/** Joins a base URL (which may carry a path) and a path template. */
export const joinUrl = (base: string, path: string) =>
  `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`

const code = (value: number) =>
  varint.encodeTo(value, new Uint8Array(varint.encodingLength(value)))

function lengthPrefixed(value: string): Uint8Array[] {
  const bytes = new TextEncoder().encode(value)
  return [code(bytes.length), bytes]
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const part of parts) {
    out.set(part, at)
    at += part.length
  }
  return out
}
