import { execFile } from 'node:child_process'
import { promisify } from 'node:util'

const run = promisify(execFile)

/** `pip install --target dir requirement`, quietly, within ten minutes. */
export async function pipInstallInto(
  dir: string,
  requirement: string
): Promise<void> {
  await run(
    'python3',
    [
      '-m',
      'pip',
      'install',
      '--quiet',
      '--disable-pip-version-check',
      '--no-warn-script-location',
      '--target',
      dir,
      requirement,
    ],
    { timeout: 600_000 }
  )
}
