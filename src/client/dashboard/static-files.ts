import { readdir, readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { extname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** A file the page needs, served as it is: no build step. */
export interface StaticFile {
  type: string
  body: Buffer
}

const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url))

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
}

/** uPlot's browser build and style, from node_modules. */
const PACKAGE_FILES = {
  '/assets/uPlot.iife.min.js': 'uplot/dist/uPlot.iife.min.js',
  '/assets/uPlot.min.css': 'uplot/dist/uPlot.min.css',
} as const

/**
 * URL path → file, read once at start (a missing one fails the start, not a request): the page
 * at `/`, its modules and style under `/assets/`, and uPlot's files from its package.
 */
export async function loadStaticFiles(): Promise<Map<string, StaticFile>> {
  const files = new Map<string, StaticFile>()
  for (const name of await readdir(PUBLIC_DIR)) {
    const type = TYPES[extname(name)]
    if (!type) continue
    const body = await readFile(join(PUBLIC_DIR, name))
    files.set(name === 'index.html' ? '/' : `/assets/${name}`, { type, body })
  }
  const require = createRequire(import.meta.url)
  for (const [url, path] of Object.entries(PACKAGE_FILES))
    files.set(url, {
      type: TYPES[extname(path)]!,
      body: await readFile(require.resolve(path)),
    })
  return files
}
