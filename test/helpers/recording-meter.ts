import type {
  MetricCounter,
  MetricGauge,
  MetricHistogram,
  MetricMeter,
  MetricTags,
} from '@temporalio/common'

/** `name{a="x",b="y"}`, labels in order: the key a series is read back by. */
export const series = (name: string, tags: MetricTags = {}) =>
  `${name}{${Object.keys(tags)
    .sort()
    .map((k) => `${k}="${String(tags[k])}"`)
    .join(',')}}`

/**
 * A Temporal MetricMeter that keeps what it is given in memory: counters' sums, gauges' last
 * values and every value a histogram recorded, by series.
 */
export function recordingMeter() {
  const sums = new Map<string, number>()
  const gauges = new Map<string, number>()
  const recorded = new Map<string, number[]>()
  const base = (name: string, unit = '', description = '') => ({
    name,
    unit,
    description,
  })
  const meter: MetricMeter = {
    createCounter: (name, unit, description): MetricCounter => ({
      ...base(name, unit, description),
      kind: 'counter',
      valueType: 'int',
      add(value, tags) {
        const key = series(name, tags)
        sums.set(key, (sums.get(key) ?? 0) + value)
      },
      withTags: () => {
        throw new Error('not used')
      },
    }),
    createHistogram: (
      name,
      valueType = 'int',
      unit,
      description
    ): MetricHistogram => ({
      ...base(name, unit, description),
      kind: 'histogram',
      valueType,
      record(value, tags) {
        const key = series(name, tags)
        recorded.set(key, [...(recorded.get(key) ?? []), value])
      },
      withTags: () => {
        throw new Error('not used')
      },
    }),
    createGauge: (name, valueType = 'int', unit, description): MetricGauge => ({
      ...base(name, unit, description),
      kind: 'gauge',
      valueType,
      set: (value, tags) => gauges.set(series(name, tags), value),
      withTags: () => {
        throw new Error('not used')
      },
    }),
    withTags: () => meter,
  }
  return {
    meter,
    counter: (name: string, tags?: MetricTags) =>
      sums.get(series(name, tags)) ?? 0,
    gauge: (name: string, tags?: MetricTags) => gauges.get(series(name, tags)),
    histogram: (name: string, tags?: MetricTags) =>
      recorded.get(series(name, tags)) ?? [],
  }
}
