// `npm run web`: Vite's dev server serves the page from source (no bundle), cross-origin isolated; a model
// opens and predicts there too, so the development setup (onnxruntime-web's .wasm unbundled, the Node-module
// guard in serve mode) stays working.
import type { Browser } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchChromium } from './chromium.mjs';
import { openPage, pickFiles, press, text } from './page-driver.mjs';
import { root } from './use-browser.js';

let server: ViteDevServer;
let browser: Browser;

beforeAll(async () => {
  server = await createServer({ configFile: `${root}vite.web.config.ts`, server: { port: 0, host: '127.0.0.1' }, logLevel: 'error' });
  [, browser] = await Promise.all([server.listen(), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

test('the dev server serves the page, cross-origin isolated, and a model opens and predicts', async () => {
  const { page, errors } = await openPage(browser, server.resolvedUrls!.local[0]!);
  await pickFiles(page, [`${root}fixtures/models/cnn/model.h5`]);
  await press(page, '#predict-button');
  expect(await text(page, '#error')).toBe('');
  expect(await text(page, '#environment')).toMatch(/^This page is cross-origin isolated/);
  expect(await text(page, '#predict-timing')).toMatch(/^On WebAssembly/);
  expect(await text(page, '#predict-result')).toMatch(/^logits \(1, 4\) float32: /);
  expect(errors).toEqual([]);
});
