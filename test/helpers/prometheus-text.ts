/** One sample of Prometheus' text exposition format. */
export interface Sample {
  name: string
  labels: Record<string, string>
  value: number
}

const LINE = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/
const LABEL = /([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g

/** The samples of a `/metrics` page (comments and blank lines left out). */
export function parsePrometheus(text: string): Sample[] {
  const samples: Sample[] = []
  for (const line of text.split('\n')) {
    const match = LINE.exec(line)
    if (!match || line.startsWith('#')) continue
    const labels: Record<string, string> = {}
    for (const [, key, value] of (match[2] ?? '').matchAll(LABEL))
      labels[key!] = value!.replace(/\\(.)/g, (_, c: string) =>
        c === 'n' ? '\n' : c
      )
    samples.push({ name: match[1]!, labels, value: Number(match[3]) })
  }
  return samples
}

/** The samples of `name` whose labels include every label of `where`. */
export function select(
  samples: readonly Sample[],
  name: string,
  where: Record<string, string> = {}
): Sample[] {
  return samples.filter(
    (s) =>
      s.name === name &&
      Object.entries(where).every(([k, v]) => s.labels[k] === v)
  )
}

/** The sum over `select(samples, name, where)`. */
export const total = (
  samples: readonly Sample[],
  name: string,
  where: Record<string, string> = {}
) => select(samples, name, where).reduce((n, s) => n + s.value, 0)
