/**
 * The binary multiaddrs of `claim/cache` provider addresses, limited to what HTTP providers use:
 * `/ip4|ip6|dns|dns4|dns6/<host>/tcp/<port>/http|https[/http-path/<path template>]`.
 */
import { varint } from 'multiformats'

const CODE = {
  ip4: 4,
  tcp: 6,
  ip6: 41,
  dns: 53,
  dns4: 54,
  dns6: 55,
  tls: 448,
  https: 443,
  http: 480,
  httpPath: 481,
} as const

const FIXED_SIZE: Record<number, number> = {
  [CODE.ip4]: 4,
  [CODE.tcp]: 2,
  [CODE.ip6]: 16,
  [CODE.tls]: 0,
  [CODE.https]: 0,
  [CODE.http]: 0,
}
const TEXT_CODES: readonly number[] = [
  CODE.dns,
  CODE.dns4,
  CODE.dns6,
  CODE.httpPath,
]

export class UnsupportedMultiaddr extends Error {
  override name = 'UnsupportedMultiaddr' as const
}

/** The URL template an HTTP multiaddr stands for, e.g. `http://127.0.0.1:80/{blob}/{blob}.blob`. */
export function multiaddrToUrl(bytes: Uint8Array): string {
  let host = ''
  let port = ''
  let scheme = ''
  let path = ''
  for (const [code, value] of components(bytes)) {
    if (code === CODE.ip4) host = value.join('.')
    else if (code === CODE.ip6) host = `[${ip6(value)}]`
    else if (TEXT_CODES.includes(code) && code !== CODE.httpPath)
      host = text(value)
    else if (code === CODE.tcp) port = String((value[0]! << 8) | value[1]!)
    else if (code === CODE.http) scheme ||= 'http'
    else if (code === CODE.https || code === CODE.tls) scheme = 'https'
    else if (code === CODE.httpPath) path = text(value)
  }
  if (!host || !scheme) throw new UnsupportedMultiaddr('not an http address')
  return `${scheme}://${host}${port ? `:${port}` : ''}/${path.replace(/^\//, '')}`
}

function* components(bytes: Uint8Array): Generator<[number, Uint8Array]> {
  let at = 0
  while (at < bytes.length) {
    const [protocol, codeLength] = varint.decode(bytes, at)
    at += codeLength
    let size = FIXED_SIZE[protocol]
    if (size === undefined) {
      if (!TEXT_CODES.includes(protocol))
        throw new UnsupportedMultiaddr(`multiaddr protocol ${protocol}`)
      const [length, lengthLength] = varint.decode(bytes, at)
      at += lengthLength
      size = length
    }
    yield [protocol, bytes.subarray(at, at + size)]
    at += size
  }
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes)

const ip6 = (bytes: Uint8Array) =>
  Array.from({ length: 8 }, (_, i) =>
    ((bytes[2 * i]! << 8) | bytes[2 * i + 1]!).toString(16)
  ).join(':')
