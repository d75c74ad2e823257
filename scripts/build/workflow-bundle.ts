import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { bundleWorkflowCode } from '@temporalio/worker'
import { quietLogger } from '../../src/sandbox/world/workflow-bundle.js'
import { WORKFLOW_BUNDLE } from './layout.js'

/**
 * Bundles the compiled workflows of `outDir` (not `src/`), so that the bundle is made of the very
 * JavaScript the build ships; returns its path.
 */
export async function writeCompiledWorkflowBundle(
  outDir: string
): Promise<string> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: join(outDir, 'workflows', 'index.js'),
    logger: quietLogger,
  })
  const path = join(outDir, WORKFLOW_BUNDLE)
  await writeFile(path, code)
  return path
}
