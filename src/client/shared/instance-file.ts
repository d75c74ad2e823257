import { readFileSync } from 'node:fs'
import { BadInput } from '../../failures/errors.js'

/** One instance's share of a distribution, as `setup-distribution` writes it to `migration-state/`. */
export interface InstanceFile {
  instanceId: string
  environment: string
  customers: string[]
  estimatedUploads: number
  estimatedSpaces: number
  createdAt: string
}

export class CustomersFileError extends BadInput {
  override name = 'CustomersFileError'
}

export const instanceFileName = (instance: number | string, env: string) =>
  `instance-${instance}-customers-${env}.json`

/**
 * The customers of a customers file: an instance file, or a flat array of customer DIDs (the
 * original's format). Anything else is refused with the reason.
 */
export function readCustomersFile(path: string): {
  customers: string[]
  instanceId?: string
} {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    throw new CustomersFileError(
      `cannot read customers file ${path}: ${(err as Error).message}`
    )
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new CustomersFileError(`customers file ${path} is not JSON`)
  }
  const list = Array.isArray(parsed)
    ? parsed
    : (parsed as Partial<InstanceFile> | null)?.customers
  if (!Array.isArray(list))
    throw new CustomersFileError(
      `customers file ${path} must be an instance file or an array of customer DIDs`
    )
  const bad = list.find((c) => typeof c !== 'string' || !c.startsWith('did:'))
  if (bad !== undefined)
    throw new CustomersFileError(
      `customers file ${path} holds ${JSON.stringify(bad)}, which is not a DID`
    )
  const instanceId = Array.isArray(parsed)
    ? undefined
    : (parsed as Partial<InstanceFile>).instanceId
  return { customers: list as string[], instanceId }
}
