// npm run bench [-- MODEL ...] [--repeat N] [--runs N] [--conversion-only]: for each zoo model built by `npm run
// zoo`, the `kerasbridge convert` process against the strongest peer, Keras 3's own ONNX export, in the same run
// and on the same files, then (unless --conversion-only) both exports' onnxruntime-node latency side by side.
// Appends to BENCHMARKS.md.
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { maxDifference, measureLatency } from './latency.mjs';
import { timeProcess } from './processes.mjs';
import { markdown } from './report.mjs';

const root = new URL('../', import.meta.url).pathname;
const zoo = `${root}.cache/zoo/`;
const python = `${root}.venv/bin/python`;
const SOURCES = ['model.h5', 'model.keras'];

const { values, positionals } = parseArgs({
  options: { repeat: { type: 'string', default: '5' }, runs: { type: 'string', default: '20' }, 'conversion-only': { type: 'boolean', default: false } },
  allowPositionals: true,
});
const repeat = Number(values.repeat);
const runs = Number(values.runs);
// Batch 32 of the large models takes seconds a run: half as many runs keeps a bench of them to minutes.
const BATCHES = values['conversion-only'] ? [] : [[1, runs], [32, Math.ceil(runs / 2)]];

const present = existsSync(zoo) ? readdirSync(zoo).filter((n) => existsSync(`${zoo}${n}/reference.json`)).sort() : [];
const names = positionals.length > 0 ? positionals : present;
const missing = names.filter((n) => !present.includes(n));
if (names.length === 0 || missing.length > 0) {
  console.error(`No zoo model ${missing.join(', ') || 'at all'} in ${zoo}: build it with \`npm run zoo -- ${missing.join(' ')}\` first.`);
  process.exit(1);
}
if (timeProcess(python, ['-c', 'import torch, onnxscript'], { repeat: 1 }).error) {
  console.error(`The peer needs torch and onnxscript in ${python}: PIP_INDEX_URL=file:///opt/pypi/simple .venv/bin/pip install --find-links /opt/wheels torch==2.13.0 onnxscript`);
  process.exit(1);
}

const started = new Date();
const startLoad = os.loadavg()[0];
const results = [];
for (const name of names) {
  const reference = JSON.parse(readFileSync(`${zoo}${name}/reference.json`, 'utf8'));
  const out = `${root}.cache/bench/${name}/`;
  mkdirSync(out, { recursive: true });
  console.error(`${name}: converting (${repeat} times each)`);
  const convert = (source) => {
    const file = `${out}ours-${source}.onnx`;
    return { file, ...timeProcess('node', [`${root}bin/kerasbridge.js`, 'convert', `${zoo}${name}/${source}`, '-o', file], { repeat, output: file }) };
  };
  const ours = Object.fromEntries(SOURCES.map((source) => [source, convert(source)]));
  const peerFile = `${out}peer.onnx`;
  const peer = { file: peerFile, ...timeProcess(python, [`${root}bench/peer_export.py`, `${zoo}${name}/model.keras`, peerFile], { repeat, output: peerFile, env: { TF_CPP_MIN_LOG_LEVEL: '3' } }) };
  const exports = { ours: Object.values(ours).find((run) => !run.error)?.file, peer: peer.error ? undefined : peer.file };
  const labels = Object.keys(exports).filter((label) => exports[label]);
  const latency = [];
  for (const [batch, count] of labels.length > 0 ? BATCHES : []) {
    console.error(`${name}: latency at batch ${batch} (${count} runs, ${labels.join(' and ')} alternating)`);
    const measured = Object.fromEntries((await measureLatency(labels.map((l) => exports[l]), reference.inputs[0].shape, batch, count)).map((m, i) => [labels[i], m]));
    const difference = measured.ours && measured.peer ? maxDifference(measured.ours.output, measured.peer.output) : undefined;
    latency.push({ batch, ours: measured.ours?.ms, peer: measured.peer?.ms, difference });
  }
  results.push({ name, reference, ours, peer, latency });
}

const text = markdown(started, startLoad, results, { repeat, batches: BATCHES });
appendFileSync(`${root}BENCHMARKS.md`, text);
console.log(text);
