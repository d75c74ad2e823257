import { PRESETS } from './environments.js'
import { SETTINGS } from './settings.js'

/**
 * The text of .env.example, made from the settings themselves so that the documented names are
 * the names the code reads.
 */
export function envExample(): string {
  const lines = [
    '# Configuration of the legacy uploads migration. Shell variables win over this file.',
    '# STORACHA_ENV picks the presets: production, staging or local (the default).',
    '# Each variable overrides its preset; the values shown are the production presets.',
    'STORACHA_ENV=local',
    '',
  ]
  for (const setting of SETTINGS) {
    const preset = PRESETS.production[setting.name]
    const tags = [
      setting.need && `needed for ${setting.need}`,
      setting.secret && 'secret',
    ].filter(Boolean)
    lines.push(
      `# ${setting.doc}${tags.length > 0 ? ` (${tags.join(', ')})` : ''}`
    )
    lines.push(`# ${setting.name}=${setting.secret ? '' : (preset ?? '')}`)
  }
  return `${lines.join('\n')}\n`
}
