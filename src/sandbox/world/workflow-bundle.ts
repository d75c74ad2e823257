import { writeFile } from 'node:fs/promises'
import { extname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { bundleWorkflowCode } from '@temporalio/worker'

const workflowsPath = fileURLToPath(
  new URL(`../../workflows/index${extname(import.meta.url)}`, import.meta.url)
)

/** The bundler's logger: warnings and errors only. */
export const quietLogger = {
  log: () => {},
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
}

/** Bundles the migration's workflows once into `path`, for every worker of a world to load. */
export async function writeWorkflowBundle(path: string): Promise<string> {
  const { code } = await bundleWorkflowCode({
    workflowsPath,
    logger: quietLogger,
  })
  await writeFile(path, code)
  return path
}
