import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { summarizeProfiles } from '../../scripts/bench/cpu-profile.js'

const frame = (functionName: string, url = '') => ({
  functionName,
  url,
  lineNumber: 9,
})

/** root → send (undici) → connect (node:net); root → GC; root → idle; root → sign (@noble). */
const PROFILE = {
  nodes: [
    { id: 1, callFrame: frame('(root)'), children: [2, 4, 5, 6] },
    {
      id: 2,
      callFrame: frame('send', 'file:///x/node_modules/undici/lib/client.js'),
      children: [3],
    },
    { id: 3, callFrame: frame('connect', 'node:net') },
    { id: 4, callFrame: frame('(garbage collector)') },
    { id: 5, callFrame: frame('(idle)') },
    {
      id: 6,
      callFrame: frame(
        'sign',
        'file:///x/node_modules/@noble/ed25519/index.js'
      ),
    },
  ],
  samples: [3, 3, 3, 2, 4, 5, 5, 5, 5, 6, 6, 3],
}

test('self time by function and category, idle left out, Node frames given to their caller', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'cpu-profile-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  writeFileSync(
    join(dir, 'CPU.20260101.000000.4242.0.001.cpuprofile'),
    JSON.stringify(PROFILE)
  )
  writeFileSync(
    join(dir, 'CPU.20260101.000000.999.0.001.cpuprofile'),
    JSON.stringify({ nodes: [], samples: [] })
  )
  const summary = summarizeProfiles(dir, 4242)
  assert.ok(summary)
  assert.equal(summary.busySamples, 8)
  assert.deepEqual(
    summary.top.map((e) => [e.function, e.category, e.samples]),
    [
      ['connect', 'Node (streams, net, http, timers)', 4],
      ['sign', 'crypto', 2],
      ['send', 'fetch/undici', 1],
      ['(garbage collector)', 'GC', 1],
    ]
  )
  assert.equal(summary.top[0]?.share, 0.5)
  const caller = Object.fromEntries(
    summary.byCaller.map((c) => [c.category, c.samples])
  )
  assert.deepEqual(caller, { 'fetch/undici': 5, crypto: 2, GC: 1 })
  assert.equal(summarizeProfiles(dir, 1), undefined)
})
