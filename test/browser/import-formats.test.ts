// Issue #3's browser check: the importer, through the library's browser build (dist/browser, bundled by
// Vite's defaults as a user's app would bundle it), reads one H5 and one .keras fixture in Chromium as
// Keras reports them: layer names, classes, parameter counts and every weight's sha256
// (fixtures/models/*/reference.json, the same references test/import-formats.test.ts checks in Node).
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import type { ImportReport } from './harness/harness.js';
import { root, useBrowser } from './use-browser.js';

interface Reference {
  modelName: string;
  params: { total: number; trainable: number };
  inputs: { name: string; shape: (number | null)[]; dtype: string }[];
  outputs: { shape: (number | null)[]; dtype: string }[];
  layers: { name: string; className: string; params: number; weights: string[] }[];
  weights: { path: string; sha256: string }[];
}

const CASES = [
  ['cnn', 'model.h5', 'keras-h5'],
  ['nested-functional', 'model.keras', 'keras-zip'],
] as const;

// The repository root: the harness build lives in .cache/browser-harness, the fixtures beside it.
const chromium = useBrowser(root);
let page: Page;

beforeAll(async () => {
  page = await chromium.browser.newPage();
  await page.goto(`${chromium.plain.url}.cache/browser-harness/index.html`);
  await page.waitForFunction(() => 'importReport' in window);
});

describe.each(CASES)('in Chromium, fixture %s/%s', (name, file, format) => {
  test('imports as Keras reports it', async () => {
    const reference = JSON.parse(readFileSync(`${root}fixtures/models/${name}/reference.json`, 'utf8')) as Reference;
    const url = `${chromium.plain.url}fixtures/models/${name}/${file}`;
    const report = await page.evaluate((u) => (window as unknown as { importReport(url: string): Promise<ImportReport> }).importReport(u), url);
    expect([report.format, report.kerasVersion, report.modelName]).toEqual([format, '3.15.1', reference.modelName]);
    expect(report.layers.map((l) => [l.name, l.className, l.params])).toEqual(reference.layers.map((l) => [l.name, l.className, l.params]));
    expect([report.totalParams, report.trainableParams]).toEqual([reference.params.total, reference.params.trainable]);
    expect(report.inputs).toEqual(reference.inputs.map(({ name: n, shape, dtype }) => ({ name: n, shape, dtype })));
    expect(report.outputs).toEqual(reference.outputs.map(({ shape, dtype }) => ({ shape, dtype })));
    const hashes = new Map(reference.weights.map((w) => [w.path, w.sha256]));
    for (const [i, layer] of report.layers.entries()) {
      expect(layer.weights, `weights of ${layer.name}`).toEqual(reference.layers[i]!.weights.map((path) => hashes.get(path)));
    }
    expect(report.layers.some((l) => l.weights.length > 0)).toBe(true);
  });
});
