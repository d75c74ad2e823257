import { execFile } from 'node:child_process'
import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { cacheDir, MissingToolError } from './tools.js'

const run = promisify(execFile)

/** Debian's package that ships promtool (beside the Prometheus server, which is not installed). */
export const PROMETHEUS_PACKAGE = 'prometheus'

/** Room for apt's update and the package's download on a slow mirror. */
const APT_TIMEOUT_MS = 10 * 60_000

export interface Promtool {
  path: string
  /** Runs it; resolves with its exit status and output, whatever the status. */
  run(args: readonly string[]): Promise<{ code: number; output: string }>
}

/**
 * Prometheus' rule checker: `PROMTOOL_PATH`, else `promtool` on PATH, else the one in the cache
 * (~/.cache/storacha-migration/promtool/promtool), which `install` puts there from Debian's
 * `prometheus` package: `apt-get download` and `dpkg-deb -x`, keeping promtool only, so that no
 * Prometheus server is installed or started. It extracts into a fresh directory and renames it
 * into place, so an interrupted install leaves nothing half-done and a second call installs
 * nothing. Fails with what is missing and how to get it.
 */
export async function ensurePromtool({
  install = false,
  log = (_: string) => {},
  cache = cacheDir(),
}: {
  install?: boolean
  log?: (line: string) => void
  cache?: string
} = {}): Promise<Promtool> {
  const dir = join(cache, 'promtool')
  const found = await findPromtool(join(dir, 'promtool'))
  if (found) return promtoolAt(found)
  if (!install)
    throw new MissingToolError(
      `promtool not found: run \`npm run setup\` (Debian's ${PROMETHEUS_PACKAGE} package), or set PROMTOOL_PATH`
    )
  log(
    `Installing promtool (apt-get download ${PROMETHEUS_PACKAGE}) into ${dir} …`
  )
  await extractPromtool(dir)
  const installed = await findPromtool(join(dir, 'promtool'))
  if (!installed)
    throw new MissingToolError(
      `promtool from ${PROMETHEUS_PACKAGE} in ${dir} does not run: set PROMTOOL_PATH`
    )
  return promtoolAt(installed)
}

/** The first candidate whose `--version` answers. */
async function findPromtool(cached: string): Promise<string | undefined> {
  const candidates = process.env.PROMTOOL_PATH
    ? [process.env.PROMTOOL_PATH]
    : ['promtool', cached]
  for (const candidate of candidates)
    try {
      await run(candidate, ['--version'], { timeout: 30_000 })
      return candidate
    } catch {
      continue
    }
  return undefined
}

async function extractPromtool(dir: string): Promise<void> {
  const staging = `${dir}.partial-${process.pid}`
  rmSync(staging, { recursive: true, force: true })
  mkdirSync(join(staging, 'deb'), { recursive: true })
  try {
    await download(join(staging, 'deb'))
    const deb = readdirSync(join(staging, 'deb')).find((f) =>
      f.endsWith('.deb')
    )
    if (!deb) throw new Error(`apt-get download left no .deb in ${staging}`)
    await run('dpkg-deb', [
      '-x',
      join(staging, 'deb', deb),
      join(staging, 'root'),
    ])
    renameSync(
      join(staging, 'root', 'usr', 'bin', 'promtool'),
      join(staging, 'promtool')
    )
    rmSync(join(staging, 'deb'), { recursive: true, force: true })
    rmSync(join(staging, 'root'), { recursive: true, force: true })
  } catch (err) {
    rmSync(staging, { recursive: true, force: true })
    const message = String(err instanceof Error ? err.message : err)
    throw new MissingToolError(
      `Could not get promtool from Debian's ${PROMETHEUS_PACKAGE} package: ${message.split('\n')[0]}\n` +
        `Install it (apt-get install ${PROMETHEUS_PACKAGE}) or set PROMTOOL_PATH.`
    )
  }
  rmSync(dir, { recursive: true, force: true })
  renameSync(staging, dir)
}

/** `apt-get download` into `dir`; once more after `apt-get update` (root only) if it fails. */
async function download(dir: string): Promise<void> {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  const fetchDeb = () =>
    run('apt-get', ['download', PROMETHEUS_PACKAGE], {
      cwd: dir,
      timeout: APT_TIMEOUT_MS,
      env,
    })
  try {
    await fetchDeb()
  } catch (err) {
    if (process.getuid?.() !== 0) throw err
    await run('apt-get', ['update'], { timeout: APT_TIMEOUT_MS, env })
    await fetchDeb()
  }
}

function promtoolAt(path: string): Promtool {
  return {
    path,
    run: (args) =>
      new Promise((resolve, reject) => {
        execFile(
          path,
          args,
          { timeout: 120_000, maxBuffer: 16 * 1024 * 1024 },
          (err, stdout, stderr) => {
            const code =
              err === null ? 0 : typeof err.code === 'number' ? err.code : null
            if (code === null) reject(err ?? new Error('promtool did not run'))
            else resolve({ code, output: `${stdout}${stderr}` })
          }
        )
      }),
  }
}
