// A large file does not freeze the page: the work runs in the worker, the page shows how far reading has
// come, and the page's own timers keep firing. The file: a TF.js model of three Dense layers, 67 MB of
// weights, written here from fixtures/tfjs/mlp-sequential's layer config.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { openPage, pickFiles, summaryRows, text } from './page-driver.mjs';
import { root, useBrowser } from './use-browser.js';

const INPUT = 1024;
const UNITS = [4096, 3072, 10];
/** The longest the page's timers may stall while the model opens: a frozen page stalls for the whole import. */
const MAX_STALL_MS = 500;

/** model.json and its shard for Dense layers of the given sizes, weights a deterministic ramp. */
function largeTfjsModel(dir: string): string[] {
  const template = JSON.parse(readFileSync(`${root}fixtures/tfjs/mlp-sequential/model.json`, 'utf8'));
  const { batch_input_shape: _, ...dense } = template.modelTopology.config.layers[0].config;
  const layers = UNITS.map((units, i) => ({ class_name: 'Dense', config: { ...dense, units, name: `dense_${i}`, ...(i === 0 && { batch_input_shape: [null, INPUT] }) } }));
  const weights = UNITS.flatMap((units, i) => [
    { name: `dense_${i}/kernel`, shape: [i === 0 ? INPUT : UNITS[i - 1]!, units], dtype: 'float32' },
    { name: `dense_${i}/bias`, shape: [units], dtype: 'float32' },
  ]);
  const count = weights.reduce((sum, w) => sum + w.shape.reduce((a, b) => a * b, 1), 0);
  const values = Float32Array.from({ length: count }, (_, i) => ((i % 1000) - 500) * 1e-5);
  const model = { ...template, modelTopology: { ...template.modelTopology, config: { name: 'large', layers } }, weightsManifest: [{ paths: ['large.bin'], weights }] };
  writeFileSync(join(dir, 'model.json'), JSON.stringify(model));
  writeFileSync(join(dir, 'large.bin'), new Uint8Array(values.buffer));
  return [join(dir, 'model.json'), join(dir, 'large.bin')];
}

const chromium = useBrowser();

test(`a 67 MB model opens with progress shown and the page's timers never stalled over ${MAX_STALL_MS} ms`, async () => {
  const files = largeTfjsModel(mkdtempSync(join(tmpdir(), 'kerasbridge-large-')));
  const { page } = await openPage(chromium.browser, chromium.plain.url);
  await page.evaluate(() => {
    const watch = window as unknown as { stall: number; shown: string[] };
    watch.stall = 0;
    watch.shown = [];
    let last = performance.now();
    setInterval(() => {
      const now = performance.now();
      watch.stall = Math.max(watch.stall, now - last);
      last = now;
    }, 10);
    const label = document.querySelector('#progress span')!;
    new MutationObserver(() => watch.shown.push(label.textContent!)).observe(label, { childList: true, characterData: true, subtree: true });
  });
  const started = Date.now();
  await pickFiles(page, files);
  const took = Date.now() - started;
  const { stall, shown } = await page.evaluate(() => {
    const watch = window as unknown as { stall: number; shown: string[] };
    return { stall: watch.stall, shown: watch.shown };
  });
  console.info(`large TF.js model: opened and drawn in ${took} ms; longest stall of the page's timers ${stall.toFixed(0)} ms; ${shown.length} progress updates`);
  expect(await text(page, '#error')).toBe('');
  expect((await summaryRows(page)).totals['Total params']).toBe(UNITS.reduce((sum, units, i) => sum + ((i === 0 ? INPUT : UNITS[i - 1]!) + 1) * units, 0));
  expect(shown.some((s) => /^Reading: [\d.]+ MiB of 64\.\d MiB$/.test(s))).toBe(true);
  expect(shown).toContain('Importing…');
  expect(stall).toBeLessThan(MAX_STALL_MS);
});
