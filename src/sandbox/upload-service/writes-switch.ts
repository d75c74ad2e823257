import { Message, Receipt } from '@ucanto/core'
import type { Signer } from '@ucanto/interface'
import { CAR } from '@ucanto/transport'

/** The capabilities Storacha's write kill-switch refuses. */
export const WRITE_CAPABILITIES = new Set([
  'space/blob/add',
  'space/index/add',
  'upload/add',
  'store/add',
  'blob/add',
])

/** Storacha's write kill-switch (`writesDisabled`), as the real upload service answers it. */
export class WritesSwitch {
  disabled = false
  /** Invocations refused while disabled. */
  refused = 0
}

const REFUSAL = {
  name: 'ServiceUnavailable',
  message: 'writes are temporarily disabled on this upload service',
}

/**
 * When writes are disabled and the agent message invokes a write, a message of receipts that
 * refuse every invocation in it with `ServiceUnavailable`, signed by the service; else nothing.
 */
export async function refuseWrites(
  writes: WritesSwitch,
  service: Signer,
  request: { headers: Record<string, string>; body: Uint8Array }
): Promise<{ headers: Record<string, string>; body: Uint8Array } | undefined> {
  if (!writes.disabled) return undefined
  const accepted = CAR.inbound.accept(request)
  if (accepted.error) return undefined
  const message = await accepted.ok.decoder.decode(request)
  const invocations = message.invocations
  const writesAsked = invocations.some((invocation) =>
    invocation.capabilities.some((c) => WRITE_CAPABILITIES.has(c.can))
  )
  if (!writesAsked) return undefined
  writes.refused += invocations.length
  const [first, ...rest] = await Promise.all(
    invocations.map((ran) =>
      Receipt.issue({ issuer: service, ran, result: { error: REFUSAL } })
    )
  )
  if (!first) return undefined
  const reply = await Message.build({ receipts: [first, ...rest] })
  return accepted.ok.encoder.encode(reply)
}
