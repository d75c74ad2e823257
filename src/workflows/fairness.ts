/** Temporal's limit on a fairness key. */
const MAX_KEY_BYTES = 64
const HASH_CHARS = 16

/**
 * The fairness key of a customer's tasks: its DID while that fits Temporal's 64 bytes, else a
 * printable prefix and a 64-bit FNV-1a hash of the whole DID (two long DIDs sharing a key would
 * only share a fair share). The operator names keys by customer DID in `control tune`, which maps
 * them through this same function.
 */
export function fairnessKeyOf(customer: string): string {
  if (customer.length <= MAX_KEY_BYTES && /^[\x20-\x7e]*$/.test(customer))
    return customer
  const prefix = customer
    .slice(0, MAX_KEY_BYTES - HASH_CHARS - 1)
    .replace(/[^\x20-\x7e]/g, '_')
  return `${prefix}#${fnv1a64(customer)}`
}

/** FNV-1a over UTF-16 code units, 64 bits as two 32-bit halves (no BigInt in payload code). */
function fnv1a64(text: string): string {
  let hi = 0xcbf29ce4
  let lo = 0x84222325
  for (let i = 0; i < text.length; i++) {
    lo = (lo ^ text.charCodeAt(i)) >>> 0
    // Multiply (hi, lo) by the FNV prime 0x100000001b3 modulo 2^64.
    const loMul = lo * 0x1b3
    const carry = Math.floor(loMul / 0x100000000)
    hi = (Math.imul(hi, 0x1b3) + Math.imul(lo, 0x100) + carry) >>> 0
    lo = loMul >>> 0
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0')
}
