import assert from 'node:assert/strict'
import { test } from 'node:test'
import { FAULTED_SERVICES } from '../../src/sandbox/faulted-services.js'
import { Faults } from '../../src/sandbox/faults.js'
import { Ledger } from '../../src/sandbox/ledger.js'
import {
  type ControlledWorld,
  startControlServer,
} from '../../src/sandbox/world/control-server.js'
import type { SeededWorld } from '../../src/sandbox/world/seed-world.js'

function fakeWorld() {
  const services = Object.fromEntries(
    FAULTED_SERVICES.map((name, i) => [
      name,
      {
        url: `http://127.0.0.1:${9000 + i}`,
        faults: new Faults(),
        requests: i * 10,
      },
    ])
  ) as ControlledWorld['services']
  const ledger = new Ledger()
  const seeded: unknown[] = []
  const world: ControlledWorld = {
    services,
    sandbox: {
      ledger,
      uploadService: { storageNodes: ['http://127.0.0.1:9100'] },
    },
    seed: (options, how) => {
      seeded.push({ options, how })
      return Promise.resolve({
        report: { customers: 1 },
        uploads: [],
        customers: ['did:mailto:a.example:b'],
        spaces: [],
        seconds: 0.5,
      } as unknown as SeededWorld)
    },
  }
  return { world, ledger, seeded }
}

test('the control server sets faults on every service and reads counters, ledger and seeding', async (t) => {
  const { world, ledger, seeded } = fakeWorld()
  const control = await startControlServer(world)
  t.after(() => control.close())
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${control.url}${path}`, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    return {
      status: res.status,
      body: (await res.json().catch(() => undefined)) as unknown,
    }
  }

  await call('PUT', '/faults', { latencyMs: 100 })
  for (const name of FAULTED_SERVICES)
    assert.deepEqual(world.services[name].faults.settings, { latencyMs: 100 })
  await call('DELETE', '/faults')
  for (const name of FAULTED_SERVICES)
    assert.deepEqual(world.services[name].faults.settings, {})

  assert.deepEqual((await call('GET', '/requests')).body, {
    indexer: 0,
    indexWorker: 10,
    uploadService: 20,
    carpark: 30,
    gateway: 40,
  })
  ledger.record('blob-added', { space: 's', digest: 'd' })
  ledger.record('blob-added', { space: 's', digest: 'e' })
  assert.deepEqual((await call('GET', '/ledger')).body, {
    'blob-added': 2,
    'index-registered': 0,
    'claim-cached': 0,
    'delegation-stored': 0,
    'delegation-revoked': 0,
  })
  const services = (await call('GET', '/services')).body as Record<
    string,
    unknown
  >
  assert.equal(services.indexer, 'http://127.0.0.1:9000')
  assert.deepEqual(services.storageNodes, ['http://127.0.0.1:9100'])

  const seed = await call('POST', '/seed', {
    options: { customers: 3 },
    how: { indexer: false },
  })
  assert.equal(seed.status, 200)
  assert.deepEqual((seed.body as SeededWorld).customers, [
    'did:mailto:a.example:b',
  ])
  assert.deepEqual(seeded, [
    { options: { customers: 3 }, how: { indexer: false } },
  ])

  assert.equal((await call('GET', '/nothing')).status, 404)
})
