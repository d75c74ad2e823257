import { BadInput } from '../../failures/index.js'
import type { WorldStack } from './world-stack.js'

/** The variables that name a running stack: a Temporal server and DynamoDB (Local). */
export const STACK_VARIABLES = [
  'TEMPORAL_ADDRESS',
  'TEMPORAL_NAMESPACE',
  'AWS_REGION',
  'DYNAMODB_ENDPOINT',
] as const

/**
 * The stack that `env` names (`sandbox --use-stack`, e.g. docker-compose's Temporal and DynamoDB
 * Local services), local by definition; a variable missing is bad input.
 */
export function existingStack(
  env: Readonly<Record<string, string | undefined>>
): Extract<WorldStack, { kind: 'existing' }> {
  const missing = STACK_VARIABLES.filter((name) => !env[name]?.trim())
  if (missing.length > 0)
    throw new BadInput(
      `--use-stack needs ${STACK_VARIABLES.join(', ')}: missing ${missing.join(', ')}`
    )
  const picked: Record<string, string> = { STORACHA_ENV: 'local' }
  for (const name of [...STACK_VARIABLES, 'TEMPORAL_UI_URL'])
    if (env[name]?.trim()) picked[name] = env[name].trim()
  return { kind: 'existing', env: picked }
}
