/**
 * `npm run build:workflows [-- --out dist/workflow-bundle.js]`: the workflow bundle a production
 * worker loads with `--workflow-bundle`, so that hosts do not bundle at start and every host
 * runs byte-identical workflow code.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { bundleWorkflowCode } from '@temporalio/worker'
import yargs from 'yargs'
import { hideBin } from 'yargs/helpers'

const argv = await yargs(hideBin(process.argv))
  .option('out', { type: 'string', default: 'dist/workflow-bundle.js' })
  .strict()
  .parse()

const { code } = await bundleWorkflowCode({
  workflowsPath: fileURLToPath(
    new URL('../src/workflows/index.ts', import.meta.url)
  ),
})
mkdirSync(dirname(argv.out), { recursive: true })
writeFileSync(argv.out, code)
console.log(`wrote ${argv.out} (${(code.length / 1024).toFixed(0)} KiB)`)
