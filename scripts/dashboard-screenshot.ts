/**
 * `npx tsx scripts/dashboard-screenshot.ts <dashboard URL> [out.png]`: a full-page screenshot of
 * a running dashboard in headless Chromium (the README's docs/dashboard.png comes from a
 * `npm run dev -- --keep` run), taken once the page has drawn a read of the tables, with the
 * failed uploads of the most frequent reason opened.
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
  // Open the most frequent reason's failed uploads, so the picture shows that list too.
  const reason = await page.$('#reasons a[data-reason]')
  if (reason) {
    await reason.click()
    await page.waitForSelector('#failure-list tbody tr')
  }
  await page.screenshot({ path: out as `${string}.png`, fullPage: true })
  console.log(`wrote ${out}`)
} finally {
  await browser.close()
}
