/**
 * `npm run build [-- --out-dir DIR]`: the compiled worker and CLI, runnable with plain `node` and
 * production dependencies only. It empties DIR (default `dist/`), compiles `src/` with
 * tsconfig.build.json, copies the files the code reads at run time next to their modules, and
 * bundles the compiled workflows into DIR/workflow-bundle.js for `--workflow-bundle`.
 */
import { execFileSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import yargs from 'yargs'
import { hideBin } from 'yargs/helpers'
import { copyRuntimeAssets } from './build/runtime-assets.js'
import { writeCompiledWorkflowBundle } from './build/workflow-bundle.js'

const argv = await yargs(hideBin(process.argv))
  .option('out-dir', { type: 'string', default: 'dist' })
  .strict()
  .parse()

const root = fileURLToPath(new URL('..', import.meta.url))
const outDir = resolve(argv['out-dir'])
if (!relative(outDir, root).startsWith('..')) {
  console.error(
    `--out-dir ${outDir} holds the repository: choose a folder of its own`
  )
  process.exit(2)
}
const started = Date.now()
rmSync(outDir, { recursive: true, force: true })
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
execFileSync(
  process.execPath,
  [tsc, '-p', 'tsconfig.build.json', '--outDir', outDir],
  { cwd: root, stdio: 'inherit' }
)
copyRuntimeAssets(outDir, join(root, 'src'))
const bundle = await writeCompiledWorkflowBundle(outDir)
console.log(
  `built ${outDir} and ${bundle} in ${((Date.now() - started) / 1000).toFixed(1)}s`
)
