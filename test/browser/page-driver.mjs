// What a person does on the page, for the real-browser tests and bench/browser.mjs: pick files, press a
// button and wait until the page is idle again, download what a link offers.
import { readFileSync } from 'node:fs';

/**
 * A fresh page (its own worker and onnxruntime state) at `url`, with page errors collected.
 * @param {import('playwright-core').Browser} browser
 * @param {string} url
 */
export async function openPage(browser, url) {
  const page = await (await browser.newContext({ acceptDownloads: true })).newPage();
  /** @type {string[]} */
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url);
  return { page, errors };
}

/**
 * Waits until no work is running: the controls are enabled and the progress bar is gone.
 * @param {import('playwright-core').Page} page
 */
export async function idle(page, timeout = 300_000) {
  await page.waitForFunction(() => document.getElementById('progress')?.hidden && document.querySelector('button:disabled') === null, undefined, { timeout });
}

/**
 * Picks files in the page's file input and waits for the model (and its drawing) or an error.
 * @param {import('playwright-core').Page} page
 * @param {readonly string[]} paths
 */
export async function pickFiles(page, paths) {
  await page.setInputFiles('#files', [...paths]);
  await idle(page);
}

/**
 * @param {import('playwright-core').Page} page
 * @param {string} button
 */
export async function press(page, button) {
  await page.click(button);
  await idle(page);
}

/**
 * The bytes behind a download link, fetched by clicking it as a person would.
 * @param {import('playwright-core').Page} page
 * @param {string} link
 */
export async function download(page, link) {
  const [started] = await Promise.all([page.waitForEvent('download'), page.click(link)]);
  return { name: started.suggestedFilename(), bytes: new Uint8Array(readFileSync(await started.path())) };
}

/**
 * @param {import('playwright-core').Page} page
 * @param {string} selector
 */
export const text = async (page, selector) => (await page.textContent(selector))?.trim() ?? '';

/**
 * Milliseconds the page recorded for its last piece of work of a kind (`data-ms` of its result line).
 * @param {import('playwright-core').Page} page
 * @param {string} selector
 */
export const recordedMs = async (page, selector) => Number(await page.getAttribute(selector, 'data-ms'));

/**
 * The summary table's layer rows as [`name (Class)`, params] and its totals, as the page shows them.
 * @param {import('playwright-core').Page} page
 * @returns {Promise<{ layers: [string, number][], totals: Record<string, number> }>}
 */
export async function summaryRows(page) {
  return page.evaluate(() => {
    const number = (/** @type {Element} */ cell) => Number(cell.textContent?.replace(/,/g, ''));
    const layers = [...document.querySelectorAll('#summary tbody tr')].map((row) => /** @type {[string, number]} */ ([row.children[0]?.textContent ?? '', number(row.children[2])]));
    const totals = Object.fromEntries([...document.querySelectorAll('#summary tfoot tr')].map((row) => [/** @type {HTMLElement} */ (row).dataset.total, number(row.children[1])]));
    return { layers, totals };
  });
}
