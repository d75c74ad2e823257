import { execFile } from 'node:child_process'
import { mkdirSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { cacheDir, MissingToolError } from './tools.js'

const run = promisify(execFile)

/** Shopify's TCP fault proxy, built from the Go module proxy; the pin is part of the cache path. */
export const TOXIPROXY_VERSION = '2.5.0'
export const TOXIPROXY_MODULE = `github.com/Shopify/toxiproxy/v2/cmd/server@v${TOXIPROXY_VERSION}`

/** Room for the module download and the build on a slow machine (about a minute here). */
const GO_TIMEOUT_MS = 15 * 60_000

/**
 * The toxiproxy server: `TOXIPROXY_PATH`, else the one in the cache
 * (~/.cache/storacha-migration/toxiproxy-<version>/toxiproxy-server), which `install` builds
 * there with `go install` (`GO` or `go` on PATH). It builds into a fresh directory and renames it
 * into place, so an interrupted install leaves nothing half-done and a second call installs
 * nothing. Fails with what is missing and how to get it.
 */
export async function ensureToxiproxy({
  install = false,
  log = (_: string) => {},
  cache = cacheDir(),
  env = process.env,
}: {
  install?: boolean
  log?: (line: string) => void
  cache?: string
  env?: NodeJS.ProcessEnv
} = {}): Promise<string> {
  if (env.TOXIPROXY_PATH) {
    if (await isToxiproxy(env.TOXIPROXY_PATH)) return env.TOXIPROXY_PATH
    throw new MissingToolError(
      `TOXIPROXY_PATH=${env.TOXIPROXY_PATH} is not a working toxiproxy server`
    )
  }
  const dir = join(cache, `toxiproxy-${TOXIPROXY_VERSION}`)
  const binary = join(dir, 'toxiproxy-server')
  if (await isToxiproxy(binary)) return binary
  if (!install)
    throw new MissingToolError(
      `toxiproxy ${TOXIPROXY_VERSION} not found: run \`npm run setup\` (go install ${TOXIPROXY_MODULE}), or set TOXIPROXY_PATH`
    )
  log(`Building toxiproxy (go install ${TOXIPROXY_MODULE}) into ${dir} …`)
  await build(dir, env)
  if (!(await isToxiproxy(binary)))
    throw new MissingToolError(
      `the toxiproxy server built into ${dir} does not run: set TOXIPROXY_PATH`
    )
  return binary
}

/**
 * Whether `binary` is a toxiproxy server. A `go install` build reports its version as "git" (the
 * release's ldflags are not applied), so the pinned version is known from the cache path only.
 */
async function isToxiproxy(binary: string): Promise<boolean> {
  try {
    const { stdout, stderr } = await run(binary, ['-version'], {
      timeout: 15_000,
    })
    return `${stdout}${stderr}`.includes('toxiproxy-server version')
  } catch {
    return false
  }
}

async function build(dir: string, env: NodeJS.ProcessEnv): Promise<void> {
  const staging = `${dir}.partial-${process.pid}`
  rmSync(staging, { recursive: true, force: true })
  mkdirSync(staging, { recursive: true })
  try {
    await run(env.GO ?? 'go', ['install', TOXIPROXY_MODULE], {
      timeout: GO_TIMEOUT_MS,
      env: { ...env, GOBIN: staging, GOFLAGS: '-buildvcs=false' },
    })
    renameSync(join(staging, 'server'), join(staging, 'toxiproxy-server'))
  } catch (err) {
    rmSync(staging, { recursive: true, force: true })
    const message = String(err instanceof Error ? err.message : err)
    throw new MissingToolError(
      `Could not build toxiproxy with go install ${TOXIPROXY_MODULE}: ${message.split('\n')[0]}\n` +
        'Install Go (>= 1.17, or set GO to its binary), or set TOXIPROXY_PATH to a toxiproxy server.'
    )
  }
  rmSync(dir, { recursive: true, force: true })
  renameSync(staging, dir)
}
