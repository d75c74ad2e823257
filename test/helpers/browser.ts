import puppeteer, { type Browser, type Page } from 'puppeteer-core'
import { ensureChromium } from '../../src/stack/chromium.js'
import { MissingToolError } from '../../src/stack/tools.js'

/** A headless Chromium page that records every console error, page error and failed request. */
export interface BrowserPage {
  browser: Browser
  page: Page
  problems: string[]
}

/**
 * Debian's Chromium, installed if missing (as `npm run setup` does), driven by puppeteer-core;
 * `{ skip }` says why when Chromium cannot be installed, the one reason a browser test skips.
 */
export async function openBrowserPage(): Promise<
  BrowserPage | { skip: string }
> {
  let executablePath: string
  try {
    executablePath = await ensureChromium({ install: true, log: console.log })
  } catch (err) {
    if (!(err instanceof MissingToolError)) throw err
    const skip = `Chromium could not be installed, so the browser test cannot run: ${err.message}`
    console.warn(skip)
    return { skip }
  }
  const browser = await puppeteer.launch({
    executablePath,
    headless: true,
    // Chromium's sandbox refuses to run as root, which CI is.
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  })
  const page = await browser.newPage()
  await page.setViewport({ width: 1280, height: 900 })
  const problems: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`)
  })
  page.on('pageerror', (err) => problems.push(`page error: ${String(err)}`))
  page.on('requestfailed', (req) =>
    problems.push(`request failed: ${req.url()}`)
  )
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`)
  })
  return { browser, page, problems }
}

/**
 * Waits until the element's text is `expected` (the page polls the server, which reads the
 * tables on its own interval). The predicate runs in the page, so it is a string: the tests'
 * program has no DOM types.
 */
export async function untilText(
  page: Page,
  selector: string,
  expected: string
) {
  await page.waitForFunction(
    `document.querySelector(${JSON.stringify(selector)})?.textContent?.trim() === ${JSON.stringify(expected)}`,
    { timeout: 60_000 }
  )
}

/** Waits until the table shows `count` rows. */
export async function untilRows(page: Page, table: string, count: number) {
  await page.waitForFunction(
    `document.querySelectorAll(${JSON.stringify(`${table} tbody tr`)}).length === ${count}`,
    { timeout: 60_000 }
  )
}

/** The text of the element, trimmed. */
export const textOf = (page: Page, selector: string) =>
  page.$eval(selector, (node) => node.textContent?.trim() ?? '')

/** The cells of a table's body, row by row. */
export const rowsOf = (page: Page, table: string) =>
  page.$$eval(`${table} tbody tr`, (rows) =>
    rows.map((row) =>
      [...row.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')
    )
  )
