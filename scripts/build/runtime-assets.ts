import { cpSync } from 'node:fs'
import { join } from 'node:path'
import { RUNTIME_ASSETS } from './layout.js'

/** Copies the run-time files of `srcDir` (RUNTIME_ASSETS) into the build's `outDir`. */
export function copyRuntimeAssets(outDir: string, srcDir: string): void {
  for (const folder of RUNTIME_ASSETS)
    cpSync(join(srcDir, folder), join(outDir, folder), { recursive: true })
}
