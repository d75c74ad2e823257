/**
 * Reads the `.cpuprofile` files Node's `--cpu-prof` wrote for one process (one per thread:
 * `CPU.<date>.<time>.<pid>.<thread>.<n>.cpuprofile`, thread 0 the main one) and sums self time:
 * the samples whose innermost frame is a function, by function and by category.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  hitCount?: number
  children?: number[]
}

interface Profile {
  nodes: ProfileNode[]
  samples?: number[]
}

export interface SelfTimeEntry {
  function: string
  /** Where it is, shortened to the package or the project path. */
  file: string
  category: string
  samples: number
  /** Of the busy samples (every sample but idle). */
  share: number
}

export interface ThreadProfile {
  file: string
  thread: number
  samples: number
  busySamples: number
}

export interface ProfileSummary {
  files: ThreadProfile[]
  /** The main thread's busy samples. */
  busySamples: number
  top: SelfTimeEntry[]
  /** Self time by the category of the sample's own frame. */
  byCategory: CategoryShare[]
  /**
   * Self time by the nearest library frame on the stack: a sample in Node's net or http code,
   * or in a builtin, counts for the package that called it (undici, the AWS SDK, …).
   */
  byCaller: CategoryShare[]
}

export interface CategoryShare {
  category: string
  samples: number
  share: number
}

/** Categories that name no library: their samples go to the nearest caller that does. */
const NOT_A_LIBRARY = new Set([
  'Node (streams, net, http, timers)',
  'native (builtins, no script)',
])

/** Self time of the main thread of `pid`, from the profiles in `dir`. */
export function summarizeProfiles(
  dir: string,
  pid: number,
  top = 15
): ProfileSummary | undefined {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile') && f.split('.')[3] === String(pid))
    .sort()
  if (files.length === 0) return undefined
  const threads: ThreadProfile[] = []
  let main: Map<string, SelfTimeEntry> | undefined
  let mainCallers = new Map<string, number>()
  let mainBusy = 0
  for (const file of files) {
    const thread = Number(file.split('.')[4])
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile
    const entries = selfTime(profile)
    const all = [...entries.values()].reduce((n, e) => n + e.samples, 0)
    const busy = [...entries.values()]
      .filter((e) => e.category !== 'idle')
      .reduce((n, e) => n + e.samples, 0)
    threads.push({
      file: join(dir, file),
      thread,
      samples: all,
      busySamples: busy,
    })
    if (thread === 0 || main === undefined) {
      main = entries
      mainCallers = byCaller(profile)
      mainBusy = busy
    }
  }
  const busy = [...(main ?? new Map<string, SelfTimeEntry>()).values()]
    .filter((e) => e.category !== 'idle')
    .map((e) => ({ ...e, share: mainBusy > 0 ? e.samples / mainBusy : 0 }))
    .sort((a, b) => b.samples - a.samples)
  const categories = new Map<string, number>()
  for (const e of busy)
    categories.set(e.category, (categories.get(e.category) ?? 0) + e.samples)
  const shares = (counts: Map<string, number>): CategoryShare[] =>
    [...counts]
      .filter(([category]) => category !== 'idle')
      .map(([category, samples]) => ({
        category,
        samples,
        share: mainBusy > 0 ? samples / mainBusy : 0,
      }))
      .sort((a, b) => b.samples - a.samples)
  return {
    files: threads,
    busySamples: mainBusy,
    top: busy.slice(0, top),
    byCategory: shares(categories),
    byCaller: shares(mainCallers),
  }
}

function sampleCounts(profile: Profile): Map<number, number> {
  const hits = new Map<number, number>()
  if (profile.samples)
    for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1)
  else for (const node of profile.nodes) hits.set(node.id, node.hitCount ?? 0)
  return hits
}

function byCaller(profile: Profile): Map<string, number> {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id)
  const out = new Map<string, number>()
  for (const [id, samples] of sampleCounts(profile)) {
    const own = nodes.get(id)
    if (!own || samples === 0) continue
    let category = categoryOf(own.callFrame.functionName, own.callFrame.url)
    for (
      let p = parent.get(id);
      NOT_A_LIBRARY.has(category) && p !== undefined;
      p = parent.get(p)
    ) {
      const frame = nodes.get(p)?.callFrame
      if (!frame) break
      const next = categoryOf(frame.functionName, frame.url)
      if (!NOT_A_LIBRARY.has(next) && next !== 'VM (program)') category = next
    }
    out.set(category, (out.get(category) ?? 0) + samples)
  }
  return out
}

function selfTime(profile: Profile): Map<string, SelfTimeEntry> {
  const hits = new Map<number, number>()
  if (profile.samples)
    for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1)
  const out = new Map<string, SelfTimeEntry>()
  for (const node of profile.nodes) {
    const samples = profile.samples
      ? (hits.get(node.id) ?? 0)
      : (node.hitCount ?? 0)
    if (samples === 0) continue
    const { functionName, url, lineNumber } = node.callFrame
    const file = shortFile(url)
    const name = functionName || '(anonymous)'
    const key = `${name} ${file}:${lineNumber}`
    const entry = out.get(key) ?? {
      function: name,
      file: url ? `${file}:${lineNumber + 1}` : '',
      category: categoryOf(name, url),
      samples: 0,
      share: 0,
    }
    entry.samples += samples
    out.set(key, entry)
  }
  return out
}

/** `node_modules/<package>/…` → `<package>/…`; the project's own files from `src/` or `scripts/`. */
function shortFile(url: string): string {
  const path = url.replace(/^file:\/\//, '')
  const modules = path.lastIndexOf('node_modules/')
  if (modules >= 0) return path.slice(modules + 'node_modules/'.length)
  const own = /\/((?:src|scripts)\/.*)$/.exec(path)
  return own?.[1] ?? path
}

const CATEGORIES: [string, RegExp][] = [
  ['fetch/undici', /undici|node:internal\/deps\/undici|\/fetch/],
  ['AWS SDK', /@aws-sdk|@smithy|@aws-crypto|fast-xml-parser/],
  ['crypto', /@noble|node:crypto|node:internal\/crypto|@ucanto\/principal/],
  [
    'CBOR/UCAN',
    /@ipld|cborg|@ucanto|@storacha|@web3-storage|multiformats|uint8arrays|varint|@multiformats|carstream|ipfs-unixfs/,
  ],
  ['Temporal SDK', /@temporalio|protobufjs|@grpc/],
  ['Node (streams, net, http, timers)', /^node:/],
  ['tsx', /\/tsx\//],
  ['migration code', /\/(src|scripts)\//],
]

function categoryOf(name: string, url: string): string {
  if (name === '(garbage collector)') return 'GC'
  if (name === '(idle)') return 'idle'
  if (name === '(program)') return 'VM (program)'
  if (name === '(root)') return 'VM (program)'
  if (!url) return 'native (builtins, no script)'
  for (const [category, pattern] of CATEGORIES)
    if (pattern.test(url)) return category
  return 'other'
}
