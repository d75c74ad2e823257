import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { it } from 'node:test'
import { cliType } from '../../src/stack/temporal-dev-server.js'
import { SEARCH_ATTRIBUTES } from '../../src/workflows/search-attributes.js'

it('docker-compose registers the same search attributes as the local stack', () => {
  const compose = readFileSync(
    new URL('../../docker-compose.yml', import.meta.url),
    'utf8'
  )
  const registered = [
    ...compose.matchAll(/--search-attribute=(\w+)=(\w+)/g),
  ].map(([, name, type]) => `${name}=${type}`)
  const expected = SEARCH_ATTRIBUTES.map(
    (key) => `${key.name}=${cliType(key.type)}`
  )
  assert.deepEqual(registered.sort(), expected.sort())
})
