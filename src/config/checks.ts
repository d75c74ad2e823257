import { CID } from 'multiformats/cid'
import { base64 } from 'multiformats/bases/base64'
import { ed25519 } from '../principal/index.js'

/** Returns a description of what is wrong with a value, or undefined when it is fine. */
export type Check = (value: string) => string | undefined

export const anyText: Check = (value) =>
  value.trim() === '' ? 'is empty' : undefined

export const httpUrl: Check = (value) => {
  try {
    const url = new URL(value)
    return url.protocol === 'http:' || url.protocol === 'https:'
      ? undefined
      : `must be an http(s) URL, got protocol ${url.protocol}`
  } catch {
    return 'must be an http(s) URL'
  }
}

/** host:port, as gRPC clients take it. */
export const hostPort: Check = (value) =>
  /^[A-Za-z0-9.-]+:\d{1,5}$/.test(value)
    ? undefined
    : 'must be host:port, e.g. localhost:7233'

export const did: Check = (value) =>
  /^did:[a-z0-9]+:\S+$/.test(value)
    ? undefined
    : 'must be a DID, e.g. did:web:example.com'

export const awsRegion: Check = (value) =>
  /^[a-z]{2}(-[a-z]+)+-\d$/.test(value) || value === 'auto'
    ? undefined
    : 'must be an AWS region, e.g. us-west-2'

export const tableName: Check = (value) =>
  /^[A-Za-z0-9_.-]{3,255}$/.test(value)
    ? undefined
    : 'must be a DynamoDB table name (3-255 of letters, digits, _ . -)'

export const peerId: Check = (value) =>
  /^(12D3KooW|Qm)[1-9A-HJ-NP-Za-km-z]{40,}$/.test(value)
    ? undefined
    : 'must be a libp2p peer ID (12D3KooW…)'

export const booleanFlag: Check = (value) =>
  ['true', 'false', '1', '0'].includes(value.toLowerCase())
    ? undefined
    : 'must be true or false'

export const parseBooleanFlag = (value: string | undefined): boolean =>
  value !== undefined && ['true', '1'].includes(value.toLowerCase())

export const ed25519PrivateKey: Check = (value) => {
  try {
    ed25519.parse(value)
    return undefined
  } catch {
    return 'must be an ed25519 private key in multibase (M…) as `ucan-key ed --json` prints it'
  }
}

export const aes256Key: Check = (value) => {
  const bytes = Buffer.from(value, 'base64')
  return bytes.length === 32 && bytes.toString('base64') === value
    ? undefined
    : 'must be 32 random bytes in base64 (openssl rand -base64 32)'
}

/**
 * A delegation in the form `@storacha/client/proof` parses: a base64 CID whose identity
 * multihash holds the delegation CAR.
 */
export const delegationProof: Check = (value) => {
  try {
    const cid = CID.parse(value, base64)
    if (cid.multihash.code !== 0x00)
      return 'must be a CID with an identity multihash of the delegation CAR'
    return undefined
  } catch {
    return 'must be a base64 CID of a delegation (as `storacha delegation create --base64` prints it)'
  }
}
