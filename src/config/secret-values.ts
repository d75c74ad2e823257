import { SETTINGS } from './settings.js'

/** The AWS SDK's own credential variables, which no setting names. */
const AWS_SECRETS = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
]

/**
 * The values of every secret setting (under its name or an alias) and of the AWS credential
 * variables in `env`: what a log must never show, whatever field or message carries it.
 */
export function secretValues(env: NodeJS.ProcessEnv = process.env): string[] {
  const names = [
    ...SETTINGS.filter((s) => s.secret).flatMap((s) => [
      s.name,
      ...(s.aliases ?? []),
    ]),
    ...AWS_SECRETS,
  ]
  const values = names.flatMap((name) => env[name]?.trim() || [])
  return [...new Set(values)]
}
