import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  DEFAULT_SEED_OPTIONS,
  planCustomers,
  planSpaces,
  type SeedOptions,
} from '../../src/sandbox/seed/plan.js'
import {
  MAX_UPLOADS_PER_SPACE,
  MEAN_UPLOADS_PER_SPACE,
  SMALL_SPACE_UPLOADS,
} from '../../src/sandbox/seed/realistic-shape.js'

const world = (customers: number): SeedOptions => ({
  ...DEFAULT_SEED_OPTIONS,
  seed: 'shape-test',
  customers,
  shape: 'realistic',
})

function sizes(options: SeedOptions) {
  const bySpace: number[] = []
  const perCustomer: number[] = []
  for (const customer of planCustomers(options)) {
    let n = 0
    for (const space of planSpaces(options, customer)) {
      bySpace.push(space.uploads)
      n++
    }
    perCustomer.push(n)
  }
  return { bySpace, perCustomer }
}

test('the realistic shape keeps the real proportions at 1/1000 scale', () => {
  const { bySpace, perCustomer } = sizes(world(125))
  const uploads = bySpace.reduce((a, b) => a + b, 0)
  assert.equal(bySpace.length, 257)
  assert.ok(Math.abs(uploads / bySpace.length - MEAN_UPLOADS_PER_SPACE) < 2)
  const small = bySpace.filter((n) => n < SMALL_SPACE_UPLOADS).length
  assert.ok(Math.abs(small / bySpace.length - 0.7) < 0.01, `${small} small`)
  assert.ok(
    bySpace.some((n) => n >= 10_000),
    'a space of 10k+ uploads'
  )
  assert.ok(Math.max(...bySpace) <= MAX_UPLOADS_PER_SPACE)
  assert.ok(perCustomer.every((n) => n === 2 || n === 3))
  const smallUploads = bySpace
    .filter((n) => n < SMALL_SPACE_UPLOADS)
    .reduce((a, b) => a + b, 0)
  assert.ok(smallUploads / uploads < 0.025, 'small spaces hold ~1.5%')
})

test('the realistic shape keeps the mean at any scale and is deterministic', () => {
  for (const customers of [10, 40, 1000]) {
    const { bySpace } = sizes(world(customers))
    const mean = bySpace.reduce((a, b) => a + b, 0) / bySpace.length
    assert.ok(Math.abs(mean - MEAN_UPLOADS_PER_SPACE) < 3, `mean ${mean}`)
    assert.deepEqual(sizes(world(customers)).bySpace, bySpace)
  }
})

test('the uniform shape is unchanged: the last space of odd customers is empty', () => {
  const options = { ...DEFAULT_SEED_OPTIONS, customers: 2 }
  assert.deepEqual(sizes(options).bySpace, [6, 6, 6, 0])
})
