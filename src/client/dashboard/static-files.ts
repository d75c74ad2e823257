import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

/** A file the page needs, served as it is: no build step. */
export interface StaticFile {
  type: string
  body: Buffer
}

const PUBLIC = (name: string) =>
  fileURLToPath(new URL(`./public/${name}`, import.meta.url))
const fromPackage = (path: string) =>
  createRequire(import.meta.url).resolve(path)

/** URL path → file: the page, its script and style, and uPlot's browser build from node_modules. */
const FILES: Readonly<Record<string, { path: () => string; type: string }>> = {
  '/': { path: () => PUBLIC('index.html'), type: 'text/html; charset=utf-8' },
  '/assets/dashboard.js': {
    path: () => PUBLIC('dashboard.js'),
    type: 'text/javascript; charset=utf-8',
  },
  '/assets/dashboard.css': {
    path: () => PUBLIC('dashboard.css'),
    type: 'text/css; charset=utf-8',
  },
  '/assets/uPlot.iife.min.js': {
    path: () => fromPackage('uplot/dist/uPlot.iife.min.js'),
    type: 'text/javascript; charset=utf-8',
  },
  '/assets/uPlot.min.css': {
    path: () => fromPackage('uplot/dist/uPlot.min.css'),
    type: 'text/css; charset=utf-8',
  },
}

/** Reads every static file once, at start: a missing one fails the start, not a request. */
export async function loadStaticFiles(): Promise<Map<string, StaticFile>> {
  const entries = await Promise.all(
    Object.entries(FILES).map(
      async ([url, { path, type }]) =>
        [url, { type, body: await readFile(path()) }] as const
    )
  )
  return new Map(entries)
}
