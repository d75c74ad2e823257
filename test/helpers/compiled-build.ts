import { execFile } from 'node:child_process'
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after } from 'node:test'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const run = promisify(execFile)
const REPO = fileURLToPath(new URL('../../', import.meta.url))

/**
 * What a host or the image ships, in a temporary folder removed when the file ends: package.json
 * and the lockfile, the production dependencies only (`npm ci --omit=dev`, from npm's cache when
 * it has them), and `npm run build`'s output in `dist/`. Call at the top level of a test file.
 */
export async function compiledBuild(): Promise<{ root: string; dist: string }> {
  const root = mkdtempSync(join(tmpdir(), 'compiled-build-'))
  after(() => rmSync(root, { recursive: true, force: true }))
  for (const file of ['package.json', 'package-lock.json'])
    copyFileSync(join(REPO, file), join(root, file))
  const dist = join(root, 'dist')
  await Promise.all([
    run(
      'npm',
      ['ci', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund'],
      { cwd: root, maxBuffer: 16 * 1024 * 1024 }
    ),
    run(
      process.execPath,
      ['--import', 'tsx', 'scripts/build.ts', '--out-dir', dist],
      { cwd: REPO, maxBuffer: 16 * 1024 * 1024 }
    ),
  ])
  return { root, dist }
}
