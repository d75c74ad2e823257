import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { MissingToolError } from './tools.js'

const run = promisify(execFile)

/** Debian's package: the browser the dashboard's test drives with puppeteer-core. */
export const CHROMIUM_PACKAGE = 'chromium'

/** Room for apt's update and the package's download on a slow mirror. */
const APT_TIMEOUT_MS = 10 * 60_000

/**
 * A headless Chromium: `CHROMIUM_PATH`, else `chromium` on PATH, else (with `install`) Debian's
 * package through apt-get, which needs root. Idempotent: once installed, only found. Fails with
 * what is missing and how to get it.
 */
export async function ensureChromium({
  install = false,
  log = (_: string) => {},
}: { install?: boolean; log?: (line: string) => void } = {}): Promise<string> {
  const found = await findChromium()
  if (found) return found
  if (!install)
    throw new MissingToolError(
      `Chromium not found: run \`npm run setup\` (apt-get install ${CHROMIUM_PACKAGE}), or set CHROMIUM_PATH`
    )
  await aptInstall(log)
  const installed = await findChromium()
  if (!installed)
    throw new MissingToolError(
      `apt-get installed ${CHROMIUM_PACKAGE}, but no chromium runs: set CHROMIUM_PATH`
    )
  return installed
}

/** The browser's path when it runs (`--version` answers), else undefined. */
async function findChromium(): Promise<string | undefined> {
  const candidates = process.env.CHROMIUM_PATH
    ? [process.env.CHROMIUM_PATH]
    : ['chromium', 'chromium-browser']
  for (const candidate of candidates) {
    const path = await resolveOnPath(candidate)
    if (!path) continue
    try {
      await run(path, ['--version'], { timeout: 30_000 })
      return path
    } catch {
      continue
    }
  }
  return undefined
}

async function resolveOnPath(name: string): Promise<string | undefined> {
  if (name.includes('/')) return name
  try {
    const { stdout } = await run('sh', ['-c', `command -v ${name}`])
    return stdout.trim() || undefined
  } catch {
    return undefined
  }
}

async function aptInstall(log: (line: string) => void): Promise<void> {
  if (process.getuid?.() !== 0)
    throw new MissingToolError(
      `Chromium not found, and installing it needs root: sudo apt-get install ${CHROMIUM_PACKAGE}, or set CHROMIUM_PATH`
    )
  log(`Installing Chromium (apt-get install ${CHROMIUM_PACKAGE}) …`)
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  try {
    await run('apt-get', ['update'], { timeout: APT_TIMEOUT_MS, env })
    await run(
      'apt-get',
      [
        '-o',
        'DPkg::Lock::Timeout=300',
        'install',
        '-y',
        '--no-install-recommends',
        CHROMIUM_PACKAGE,
      ],
      { timeout: APT_TIMEOUT_MS, env, maxBuffer: 64 * 1024 * 1024 }
    )
  } catch (err) {
    const message = String(err instanceof Error ? err.message : err)
    throw new MissingToolError(
      `Could not install Chromium with apt-get: ${message.split('\n')[0]}`
    )
  }
}
