// Pictures of the page with a model loaded, for docs/: the summary, the drawing (a nested model called
// twice, expanded) and a prediction. Written to .cache/screenshots/; `npm run screenshots` copies them to
// docs/. The test checks that what the pictures are meant to show is on the page.
import { mkdirSync } from 'node:fs';
import { expect, test } from 'vitest';
import { idle, openPage, pickFiles, press, text } from './page-driver.mjs';
import { root, useBrowser } from './use-browser.js';

const out = `${root}.cache/screenshots/`;
const chromium = useBrowser();

test('the page with a model loaded, drawn and run', async () => {
  mkdirSync(out, { recursive: true });
  const { page } = await openPage(chromium.browser, chromium.isolated.url);
  await page.setViewportSize({ width: 1280, height: 900 });
  await pickFiles(page, [`${root}fixtures/models/nested-functional/model.keras`]);
  await page.check('#expand-nested');
  await idle(page);
  await page.fill('#batch', '2');
  await press(page, '#convert-button');
  await press(page, '#predict-button');
  expect(await page.$$eval('#summary tbody tr', (rows) => rows.length)).toBeGreaterThan(0);
  expect(await page.isVisible('#drawing svg')).toBe(true);
  expect(await text(page, '#predict-result')).toMatch(/\(2, \d+\) float32: /);
  await page.screenshot({ path: `${out}web-page.png`, fullPage: true });
  await page.locator('#model').screenshot({ path: `${out}web-summary.png` });
  await page.locator('#graph').screenshot({ path: `${out}web-graph.png` });
  await page.locator('.actions').screenshot({ path: `${out}web-prediction.png` });
});
