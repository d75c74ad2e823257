import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { pipInstallInto } from './pip-install.js'
import { cacheDir, MissingToolError } from './tools.js'

/** The CloudFormation linter, from PyPI; the pin is part of the cache path, so a new pin reinstalls. */
export const CFN_LINT_VERSION = '1.58.0'

/** The runner's `main`, so that no script path or shebang of the install is relied on. */
const MAIN =
  'import sys; from cfnlint.runner import main; sys.argv[0] = "cfn-lint"; sys.exit(main())'

export interface CfnLint {
  /** Where it is installed (a pip --target directory). */
  dir: string
  /** Runs it; resolves with its exit status and output, whatever the status. */
  run(args: readonly string[]): Promise<{ code: number; output: string }>
}

/**
 * cfn-lint from the cache (~/.cache/storacha-migration/cfn-lint-<version>), installed with pip
 * when `install` is set. It installs into a fresh directory and renames it into place, so an
 * interrupted install leaves nothing half-done and a second call installs nothing.
 */
export async function ensureCfnLint({
  install = false,
  log = (_: string) => {},
  cache = cacheDir(),
}: {
  install?: boolean
  log?: (line: string) => void
  cache?: string
} = {}): Promise<CfnLint> {
  const dir = join(cache, `cfn-lint-${CFN_LINT_VERSION}`)
  const marker = join(dir, `cfn_lint-${CFN_LINT_VERSION}.dist-info`)
  if (!existsSync(marker)) {
    if (!install)
      throw new MissingToolError(
        `cfn-lint ${CFN_LINT_VERSION} not found in ${dir}: run \`npm run setup\``
      )
    const staging = `${dir}.partial-${process.pid}`
    rmSync(staging, { recursive: true, force: true })
    mkdirSync(dirname(dir), { recursive: true })
    log(`Installing cfn-lint==${CFN_LINT_VERSION} into ${dir} …`)
    try {
      await pipInstallInto(staging, `cfn-lint==${CFN_LINT_VERSION}`)
    } catch (err) {
      rmSync(staging, { recursive: true, force: true })
      throw new MissingToolError(
        `Could not install cfn-lint==${CFN_LINT_VERSION} with pip: ${
          String(err instanceof Error ? err.message : err).split('\n')[0]
        }\nInstall Python 3 with pip.`
      )
    }
    rmSync(dir, { recursive: true, force: true })
    renameSync(staging, dir)
  }
  const cfnLint: CfnLint = {
    dir,
    run: (args) =>
      new Promise((resolve, reject) => {
        execFile(
          'python3',
          ['-c', MAIN, ...args],
          {
            timeout: 300_000,
            maxBuffer: 16 * 1024 * 1024,
            env: { ...process.env, PYTHONPATH: dir },
          },
          (err, stdout, stderr) => {
            const code =
              err === null ? 0 : typeof err.code === 'number' ? err.code : null
            if (code === null) reject(err ?? new Error('cfn-lint did not run'))
            else resolve({ code, output: `${stdout}${stderr}` })
          }
        )
      }),
  }
  const version = await cfnLint.run(['--version'])
  if (version.code !== 0 || !version.output.includes(CFN_LINT_VERSION))
    throw new MissingToolError(
      `cfn-lint in ${dir} does not run: ${version.output.trim()}`
    )
  return cfnLint
}
