/**
 * `npx tsx scripts/dashboard-screenshot.ts <dashboard URL> [out.png]`: a full-page screenshot of
 * a running dashboard in headless Chromium (the README's docs/dashboard.png comes from a
 * `npm run dev -- --keep` run), taken once the page has drawn a read of the tables.
 */
import puppeteer from 'puppeteer-core'
import { ensureChromium } from '../src/stack/chromium.js'

const [url, out = 'docs/dashboard.png'] = process.argv.slice(2)
if (!url) {
  console.error('usage: dashboard-screenshot.ts <dashboard URL> [out.png]')
  process.exit(2)
}
const browser = await puppeteer.launch({
  executablePath: await ensureChromium({ install: true, log: console.log }),
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
})
try {
  const page = await browser.newPage()
  await page.setViewport({ width: 1280, height: 900 })
  await page.goto(url, { waitUntil: 'load' })
  await page.waitForSelector('body[data-read-at]')
  await page.screenshot({ path: out as `${string}.png`, fullPage: true })
  console.log(`wrote ${out}`)
} finally {
  await browser.close()
}
