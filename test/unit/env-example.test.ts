import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { it } from 'node:test'
import { envExample } from '../../src/config/env-example.js'
import { SETTINGS } from '../../src/config/settings.js'

it('.env.example documents exactly the variables the code reads (npm run env-example)', () => {
  const committed = readFileSync(
    new URL('../../.env.example', import.meta.url),
    'utf8'
  )
  assert.equal(committed, envExample())
  for (const { name } of SETTINGS)
    assert.match(committed, new RegExp(`^# ${name}=`, 'm'))
})
