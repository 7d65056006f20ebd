// The page in Debian's Chromium, as a person uses it: pick Keras files (H5, .keras, TF.js, bad ones), read
// the summary and the drawing, convert, predict, download. What the page computes is checked against
// Keras' own records (fixtures/*/reference.json) and against the Node library on the same bytes: the
// downloaded .onnx equals Node's export, and onnxruntime-node on the downloaded inputs gives the page's
// outputs within 1e-5.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { createSession, Functional, generateTypeScript, load, readNpz, toOnnx, writeNpy, type NdArray } from 'kerasbridge';
import { download, openPage, pickFiles, press, summaryRows, text } from './page-driver.mjs';
import { root, useBrowser } from './use-browser.js';

interface RecordedTensor {
  name: string;
  shape: number[];
  dtype: 'float32';
  data: number[];
}
interface Reference {
  modelName: string;
  params: { total: number; trainable: number; nonTrainable?: number };
  layers: { name: string; className: string; params: number }[];
  input?: RecordedTensor[];
  output?: RecordedTensor[];
}

const fixture = (path: string) => `${root}fixtures/${path}`;
const reference = (dir: string) => JSON.parse(readFileSync(fixture(`${dir}/reference.json`), 'utf8')) as Reference;
const scratch = mkdtempSync(join(tmpdir(), 'kerasbridge-page-'));

const chromium = useBrowser();

/** The largest |a - b| over two arrays, after checking they have the same shape and dtype. */
function maxDifference(a: NdArray, b: NdArray | RecordedTensor): number {
  expect([a.shape, a.dtype]).toEqual([[...b.shape], b.dtype]);
  let worst = 0;
  for (let i = 0; i < a.data.length; i++) worst = Math.max(worst, Math.abs(Number(a.data[i]) - Number(b.data[i])));
  return worst;
}

/** Downloads the page's .onnx, inputs and outputs; runs onnxruntime-node on the same .onnx and inputs; returns the largest difference. */
async function compareWithNode(page: Page): Promise<{ inputs: Record<string, NdArray>; outputs: Record<string, NdArray>; onnx: Uint8Array; worst: number }> {
  const onnx = (await download(page, '#onnx-link')).bytes;
  const inputs = readNpz((await download(page, '#inputs-link')).bytes);
  const outputs = readNpz((await download(page, '#outputs-link')).bytes);
  const session = await createSession(onnx);
  try {
    const expected = await session.predict(inputs);
    expect(Object.keys(outputs)).toEqual(session.outputNames);
    const worst = Math.max(...session.outputNames.map((name) => maxDifference(outputs[name]!, expected[name]!)));
    return { inputs, outputs, onnx, worst };
  } finally {
    await session.release();
  }
}

async function expectSummary(page: Page, ref: Reference, layers = ref.layers): Promise<void> {
  const { layers: rows, totals } = await summaryRows(page);
  expect(rows).toEqual(layers.map((l) => [`${l.name} (${l.className})`, l.params]));
  expect([totals['Total params'], totals['Trainable params']]).toEqual([ref.params.total, ref.params.trainable]);
}

const drawingText = (page: Page) => page.$eval('#drawing svg', (svg) => [...svg.querySelectorAll('text')].map((t) => t.textContent).join('\n'));

describe('an H5 file (fixtures/models/cnn/model.h5), on a server without cross-origin isolation', () => {
  const ref = reference('models/cnn');
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    ({ page, errors } = await openPage(chromium.browser, chromium.plain.url));
    await pickFiles(page, [fixture('models/cnn/model.h5')]);
  });

  test('shows the format, the Keras version and Keras summary table', async () => {
    expect(await text(page, '#error')).toBe('');
    const facts = await page.$$eval('#facts dd', (dds) => dds.map((dd) => dd.textContent));
    expect(facts.slice(0, 5)).toEqual(['model.h5', 'keras-h5', '3.15.1', 'tensorflow', 'Functional']);
    expect(await text(page, '#model-name')).toBe(ref.modelName);
    await expectSummary(page, ref);
  });

  test('draws the graph: a box per layer with its shapes, an edge per connection', async () => {
    const labels = await drawingText(page);
    for (const layer of ref.layers) expect(labels, layer.name).toContain(layer.name);
    expect(labels).toContain('(None, 12, 12, 3)');
    expect(await page.$$eval('#drawing svg path', (paths) => paths.length)).toBeGreaterThanOrEqual(ref.layers.length - 1);
  });

  test("predicts Keras' recorded outputs from its recorded input (.npy), as onnxruntime-node does on the downloaded .onnx", async () => {
    const [recorded] = ref.input!;
    const npy = join(scratch, `${recorded!.name}.npy`);
    writeFileSync(npy, writeNpy({ data: Float32Array.from(recorded!.data), shape: recorded!.shape, dtype: 'float32' }));
    await press(page, '#convert-button');
    expect(await text(page, '#convert-result')).toMatch(/^ONNX opset 18, [\d.]+ KiB, converted in/);
    await page.setInputFiles('#input-files', npy);
    await press(page, '#predict-button');
    expect(await text(page, '#predict-timing')).toMatch(/^On WebAssembly, 1 thread: session opened in [\d.]+ m?s, prediction in/);
    const { inputs, outputs, onnx, worst } = await compareWithNode(page);
    expect(maxDifference(inputs[recorded!.name]!, recorded!)).toBe(0);
    expect(worst).toBeLessThanOrEqual(1e-5);
    const [kerasOut] = ref.output!;
    const ours = outputs[kerasOut!.name]!;
    expect(maxDifference(ours, kerasOut!)).toBeLessThanOrEqual(1e-4 + 1e-3 * Math.max(...kerasOut!.data.map(Math.abs)));
    // The browser's export is the Node library's, byte for byte.
    expect(Buffer.from(onnx).equals(Buffer.from(toOnnx(await load(fixture('models/cnn/model.h5')))))).toBe(true);
    console.info(`cnn: page vs onnxruntime-node max |Δ| ${worst}; page vs Keras max |Δ| ${maxDifference(ours, kerasOut!)}`);
    expect(errors).toEqual([]);
  });

  test('WebGPU without a GPU adapter: the prediction runs on WebAssembly and the page says why', async () => {
    await page.selectOption('#provider', 'webgpu');
    await page.check('input[name="input-kind"][value="random"]');
    await press(page, '#predict-button');
    expect(await text(page, '#error')).toBe('');
    expect(await page.$$eval('#warnings li', (items) => items.map((li) => li.textContent))).toEqual([
      expect.stringMatching(/^WebGPU was requested but .*; running on WebAssembly\.$/),
    ]);
    expect(await text(page, '#predict-timing')).toMatch(/^On WebAssembly/);
    expect((await compareWithNode(page)).worst).toBeLessThanOrEqual(1e-5);
  });
});

describe('a .keras file with a nested model (fixtures/models/nested-functional/model.keras)', () => {
  const ref = reference('models/nested-functional');
  let page: Page;

  beforeAll(async () => {
    ({ page } = await openPage(chromium.browser, chromium.plain.url));
    await pickFiles(page, [fixture('models/nested-functional/model.keras')]);
  });

  test('shows the summary, and the nested model as one box or, expanded, as its layers', async () => {
    expect(await text(page, '#error')).toBe('');
    expect((await page.$$eval('#facts dd', (dds) => dds.map((dd) => dd.textContent))).slice(0, 3)).toEqual(['model.keras', 'keras-zip', '3.15.1']);
    await expectSummary(page, ref);
    const model = await load(fixture('models/nested-functional/model.keras'));
    const nested = model.layers.filter((l): l is Functional => l instanceof Functional);
    const inner = nested.flatMap((m) => m.layers.filter((l) => l.className !== 'InputLayer').map((l) => l.name));
    expect(inner.length).toBeGreaterThan(0);
    const collapsed = await drawingText(page);
    for (const m of nested) expect(collapsed).toContain(m.name);
    for (const name of inner) expect(collapsed.split('\n'), name).not.toContain(name);
    await page.check('#expand-nested');
    await page.waitForFunction(() => document.querySelector('button:disabled') === null);
    const expanded = (await drawingText(page)).split(/\s+/);
    for (const name of inner) expect(expanded, name).toContain(name);
  });

  test('predicts seeded random input as onnxruntime-node does, and the .ts download is the Node codegen', async () => {
    await page.fill('#seed', '7');
    await page.fill('#batch', '3');
    await press(page, '#convert-button');
    await press(page, '#predict-button');
    const { inputs, worst } = await compareWithNode(page);
    expect(Object.values(inputs).map((a) => a.shape[0])).toEqual(Object.values(inputs).map(() => 3));
    expect(worst).toBeLessThanOrEqual(1e-5);
    console.info(`nested-functional: page vs onnxruntime-node max |Δ| ${worst}`);
    await press(page, '#codegen-button');
    const ts = await download(page, '#ts-link');
    expect(ts.name).toBe('model.ts');
    expect(new TextDecoder().decode(ts.bytes)).toBe(await generateTypeScript(await load(fixture('models/nested-functional/model.keras')), { source: 'model.keras' }));
  });
});

describe('a TF.js model.json with its shard (fixtures/tfjs/cnn-functional), on a cross-origin isolated server', () => {
  const ref = reference('tfjs/cnn-functional');
  let page: Page;

  beforeAll(async () => {
    ({ page } = await openPage(chromium.browser, `${chromium.isolated.url}?threads=2`));
    await pickFiles(page, [fixture('tfjs/cnn-functional/model.json'), fixture('tfjs/cnn-functional/group1-shard1of1.bin')]);
  });

  test('imports from both files and shows the summary', async () => {
    expect(await text(page, '#error')).toBe('');
    expect((await page.$$eval('#facts dd', (dds) => dds.map((dd) => dd.textContent))).slice(0, 3)).toEqual(['model.json', 'tfjs-layers', expect.stringMatching(/^tfjs-layers /)]);
    const { layers } = await summaryRows(page);
    // TF.js lists no InputLayer for a model built without one; the page lists the model's layers, as Keras does.
    expect(layers.filter(([label]) => ref.layers.some((l) => label.startsWith(`${l.name} (`)))).toEqual(ref.layers.map((l) => [`${l.name} (${l.className})`, l.params]));
  });

  test('runs on two WebAssembly threads, as onnxruntime-node computes', async () => {
    expect(await text(page, '#environment')).toMatch(/^This page is cross-origin isolated/);
    await press(page, '#predict-button');
    expect(await text(page, '#predict-timing')).toMatch(/^On WebAssembly, 2 threads/);
    const { worst } = await compareWithNode(page);
    expect(worst).toBeLessThanOrEqual(1e-5);
    console.info(`tfjs cnn-functional: page vs onnxruntime-node max |Δ| ${worst}`);
  });
});

describe('bad files get a plain message, and the page goes on working', () => {
  let page: Page;
  const write = (name: string, bytes: Uint8Array | string) => {
    const path = join(scratch, name);
    writeFileSync(path, bytes);
    return path;
  };

  beforeAll(async () => {
    ({ page } = await openPage(chromium.browser, chromium.plain.url));
  });

  test.each([
    ['a truncated H5 file', () => [write('truncated.h5', readFileSync(fixture('models/cnn/model.h5')).subarray(0, 20_000))], /^File 'truncated\.h5' cannot be opened: truncated file.* The file is damaged or incomplete; download or copy it again\.\n\(CORRUPT_FILE\)$/s],
    ['a file that is no model', () => [write('notes.txt', 'not a model')], /'notes\.txt'.*neither HDF5, zip nor JSON.*\n\(UNSUPPORTED_FORMAT\)$/s],
    ['a TF.js model.json without its shard', () => [fixture('tfjs/cnn-functional/model.json')], /^'model\.json' needs its weight shard 'group1-shard1of1\.bin'\. Pick them together with the model\.json\.\n\(FILE_NOT_FOUND\)$/],
  ])('%s', async (_what, files, message) => {
    await pickFiles(page, files());
    expect(await page.isVisible('#error')).toBe(true);
    expect(await text(page, '#error')).toMatch(message);
    expect(await page.isVisible('#loaded')).toBe(false);
  });

  test('a good file after them opens', async () => {
    await pickFiles(page, [fixture('models/cnn/model.keras')]);
    expect(await page.isVisible('#error')).toBe(false);
    expect(await page.isVisible('#drawing svg')).toBe(true);
  });
});
