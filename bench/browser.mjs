// npm run bench:browser [-- --runs N]: MobileNetV2 (built by `npm run zoo`) opened in the page (dist/web) in
// headless Chromium against the Node library in this process, on the same machine in the same run:
//   - the page's import (reading and H5 import) and ONNX conversion times, and Node's for the same file;
//   - predict() latency at batch 1 on onnxruntime-web's WebAssembly build (one thread, and several in a
//     cross-origin isolated page) against onnxruntime-node on the page's own .onnx and input, runs alternating;
//   - the page's bundle, JavaScript and WebAssembly apart.
// Appends a section to BENCHMARKS.md.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-node';
import { load, readNpz, toOnnx } from '../dist/src/index.js';
import { serveStatic } from '../src/web/build/static-server.mjs';
import { launchChromium } from '../test/browser/chromium.mjs';
import { download, openPage, pickFiles, press, recordedMs } from '../test/browser/page-driver.mjs';
import { bundleSizes } from './bundle-sizes.mjs';
import { maxDifference, median } from './latency.mjs';
import { checkout, machine } from './report.mjs';

const root = new URL('../', import.meta.url).pathname;
const MODEL = 'MobileNetV2';
const file = `${root}.cache/zoo/${MODEL}/model.h5`;
const { values } = parseArgs({ options: { runs: { type: 'string', default: '10' }, repeat: { type: 'string', default: '3' } } });
const runs = Number(values.runs);
const repeat = Number(values.repeat);
const WARM_UP = 2;
const THREADS = os.cpus().length;

if (!existsSync(file)) {
  console.error(`No ${file}: build it with \`npm run zoo -- ${MODEL}\` first.`);
  process.exit(1);
}
if (!existsSync(`${root}dist/web/index.html`) || !existsSync(`${root}dist/src/index.js`)) {
  console.error('Build the page and the library first: npm run build && npm run build:web (npm run bench:browser does both).');
  process.exit(1);
}

const started = new Date();
const startLoad = os.loadavg()[0];
const [plain, isolated, browser] = await Promise.all([serveStatic(`${root}dist/web`, { crossOriginIsolated: false }), serveStatic(`${root}dist/web`, { crossOriginIsolated: true }), launchChromium()]);
try {
  const single = (await openPage(browser, plain.url)).page;
  const threaded = (await openPage(browser, `${isolated.url}?threads=${THREADS}`)).page;

  console.error(`${MODEL}: import and conversion, ${repeat} times in the page and in Node`);
  const page = { importMs: [], convertMs: [] };
  const node = { importMs: [], convertMs: [] };
  for (let i = 0; i < repeat; i++) {
    await pickFiles(single, [file]);
    page.importMs.push(await recordedMs(single, '#facts'));
    await press(single, '#convert-button');
    page.convertMs.push(await recordedMs(single, '#convert-result'));
    const t0 = performance.now();
    const model = await load(new Uint8Array(readFileSync(file)));
    const t1 = performance.now();
    toOnnx(model);
    node.importMs.push(t1 - t0);
    node.convertMs.push(performance.now() - t1);
  }
  await pickFiles(threaded, [file]);

  console.error(`${MODEL}: latency at batch 1, ${runs} runs each after ${WARM_UP} warm-up runs, alternating`);
  for (let w = 0; w < WARM_UP; w++) for (const p of [single, threaded]) await press(p, '#predict-button');
  const onnx = (await download(single, '#onnx-link')).bytes;
  const inputs = readNpz((await download(single, '#inputs-link')).bytes);
  const pageOutputs = readNpz((await download(single, '#outputs-link')).bytes);
  const feeds = Object.fromEntries(Object.entries(inputs).map(([name, a]) => [name, new ort.Tensor(a.dtype, a.data, a.shape)]));
  const sessions = { nodeDefault: await ort.InferenceSession.create(onnx), nodeOne: await ort.InferenceSession.create(onnx, { intraOpNumThreads: 1 }) };
  const times = { nodeDefault: [], nodeOne: [], webOne: [], webThreads: [] };
  let nodeOutput;
  for (let w = 0; w < WARM_UP; w++) for (const s of Object.values(sessions)) nodeOutput = await s.run(feeds);
  for (let r = 0; r < runs; r++) {
    for (const [key, session] of Object.entries(sessions)) {
      const t = performance.now();
      await session.run(feeds);
      times[key].push(performance.now() - t);
    }
    await press(single, '#predict-button');
    times.webOne.push(await recordedMs(single, '#predict-timing'));
    await press(threaded, '#predict-button');
    times.webThreads.push(await recordedMs(threaded, '#predict-timing'));
  }
  const outputName = sessions.nodeDefault.outputNames[0];
  const difference = maxDifference(pageOutputs[outputName].data, nodeOutput[outputName].data);
  const threadsUsed = (await threaded.textContent('#predict-timing')).match(/(\d+) threads?/)?.[1] ?? '?';
  await Promise.all(Object.values(sessions).map((s) => s.release()));

  const text = section({ page, node, times, threadsUsed, difference, chromium: browser.version() });
  appendFileSync(`${root}BENCHMARKS.md`, text);
  console.log(text);
} finally {
  await browser.close();
  await Promise.all([plain.close(), isolated.close()]);
}

function section({ page, node, times, threadsUsed, difference, chromium }) {
  const version = (name) => JSON.parse(readFileSync(`${root}node_modules/${name}/package.json`, 'utf8')).version;
  const ms = (values) => median(values).toFixed(1);
  const ratio = (a, b) => (median(a) / median(b)).toFixed(2);
  const kib = (n) => (n === 0 ? '—' : n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 ** 2).toFixed(2)} MiB`);
  const { rows, library } = bundleSizes(`${root}dist/web`, `${root}dist/browser`);
  const total = (key, size) => rows.reduce((sum, r) => sum + r[key][size], 0);
  return [
    '',
    `## ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC: in the browser (issue #6), ${MODEL}`,
    '',
    `Machine: ${machine()}; 1-minute load average ${startLoad.toFixed(1)} at the start, ${os.loadavg()[0].toFixed(1)} at the end (the machine is shared).`,
    `kerasbridge ${checkout()}; headless Chromium ${chromium} (Debian) with onnxruntime-web ${version('onnxruntime-web')}; Node ${process.version} with onnxruntime-node ${version('onnxruntime-node')}.`,
    `The page is dist/web (\`npm run build:web\`), served from 127.0.0.1; medians of ${repeat} for import and conversion, of ${runs} predictions at batch 1 after ${WARM_UP} warm-up runs,`,
    "the four runtimes' runs alternating. The page's times are its own (performance.now() in its worker); prediction is kerasbridge's `predict()`, input checks included.",
    '',
    '| where | read + import model.h5 ms | convert to ONNX ms | import / Node | convert / Node |',
    '|---|---|---|---|---|',
    `| page (Web Worker) | ${ms(page.importMs)} | ${ms(page.convertMs)} | ${ratio(page.importMs, node.importMs)} | ${ratio(page.convertMs, node.convertMs)} |`,
    `| Node, in process | ${ms(node.importMs)} | ${ms(node.convertMs)} | 1.00 | 1.00 |`,
    '',
    '| runtime | threads | median ms | / onnxruntime-node, same threads |',
    '|---|---|---|---|',
    `| onnxruntime-node | default (${THREADS} cores) | ${ms(times.nodeDefault)} | 1.00 |`,
    `| onnxruntime-node | 1 | ${ms(times.nodeOne)} | 1.00 |`,
    `| onnxruntime-web WebAssembly (SIMD), page not cross-origin isolated | 1 | ${ms(times.webOne)} | ${ratio(times.webOne, times.nodeOne)} |`,
    `| onnxruntime-web WebAssembly (SIMD), cross-origin isolated, \`?threads=${THREADS}\` | ${threadsUsed} | ${ms(times.webThreads)} | ${ratio(times.webThreads, times.nodeDefault)} |`,
    '',
    `The page's outputs equal onnxruntime-node's within ${difference.toExponential(1)} (max |Δ| on the softmax outputs).`,
    '',
    'The page\'s files (`dist/web`), gzip level 9 as a server would compress them; h5wasm inlines libhdf5\'s wasm in its JavaScript, counted as wasm here:',
    '',
    '| part | fetched | JS | JS gzip | wasm | wasm gzip |',
    '|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.part} | ${r.when} | ${kib(r.js.raw)} | ${kib(r.js.gzip)} | ${kib(r.wasm.raw)} | ${kib(r.wasm.gzip)} |`),
    `| all | | ${kib(total('js', 'raw'))} | ${kib(total('js', 'gzip'))} | ${kib(total('wasm', 'raw'))} | ${kib(total('wasm', 'gzip'))} |`,
    '',
    `The library's browser build (\`dist/browser\`, its dependencies left to the application's bundler): ${kib(library)} of JavaScript.`,
    '',
  ].join('\n');
}
