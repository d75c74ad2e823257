import type { Signer } from '@ucanto/interface'
import { base58btc } from 'multiformats/bases/base58'
import { varint } from 'multiformats'

/**
 * The libp2p peer ID of an ed25519 key (`12D3KooW…`): the identity multihash of the protobuf
 * PublicKey { Type: Ed25519, Data: key }, in base58btc without the multibase prefix.
 */
export function peerIdOf(signer: Pick<Signer, 'toDIDKey'>): string {
  const didKey = signer.toDIDKey()
  const multicodec = base58btc.decode(didKey.slice('did:key:'.length))
  const publicKey = multicodec.subarray(varint.decode(multicodec)[1])
  const protobuf = new Uint8Array([
    0x08,
    0x01,
    0x12,
    publicKey.length,
    ...publicKey,
  ])
  const multihash = new Uint8Array([0x00, protobuf.length, ...protobuf])
  return base58btc.encode(multihash).slice(1)
}
