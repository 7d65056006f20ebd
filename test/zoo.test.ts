// keras.applications models built by fixtures/zoo.py (random weights, real Keras 3.15) into .cache/zoo/,
// each imported from its legacy H5 and its .keras, exported with toOnnx, run by onnxruntime-node on the
// recorded batch and compared with Keras' predict(). Not part of `npm test` (it needs Python and ~2 GB of
// models): `npm run zoo && npm run test:zoo` (vitest.zoo.config.ts). A model the exporter cannot lower yet,
// or whose layer classes the importer does not know yet, is an expected failure titled with the reason the
// library gives; any other error is a failure.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, test } from 'vitest';
import { toOnnx } from 'kerasbridge';
import { createLoweringTable } from '../src/exporters/onnx/lowerings/index.js';
import { checkLowerable } from '../src/exporters/onnx/preflight.js';
import { importModel } from '../src/importers/load.js';
import { KerasBridgeError } from '../src/ir/errors.js';

interface Reference {
  inputs: { name: string }[];
  outputs: { name: string }[];
}

const zoo = new URL('../.cache/zoo/', import.meta.url);
const python = new URL('../.venv/bin/python', import.meta.url);
const FILES = ['model.h5', 'model.keras'] as const;
/** What "not supported yet" looks like: a layer without a lowering, a layer class not defined yet. */
const NOT_YET_CODES = new Set(['UNSUPPORTED_LAYER', 'UNKNOWN_LAYER_CLASS']);

const models = existsSync(zoo) ? readdirSync(zoo).filter((name) => existsSync(new URL(`${name}/reference.json`, zoo))).sort() : [];
const errors: string[] = [];

/** NumPy's .npy format, version 1 to 3, for the little-endian float32 C-order arrays zoo.py saves. */
function readNpy(path: URL): { shape: number[]; data: Float32Array } {
  const bytes = readFileSync(path);
  const start = bytes[6] === 1 ? 10 : 12;
  const end = start + (bytes[6] === 1 ? bytes.readUInt16LE(8) : bytes.readUInt32LE(8));
  const header = bytes.toString('latin1', start, end);
  if (!header.includes("'descr': '<f4'") || !header.includes("'fortran_order': False")) throw new Error(`${path.pathname}: not a float32 C-order array (${header.trim()})`);
  const shape = [...header.match(/'shape': \(([^)]*)\)/)![1]!.matchAll(/\d+/g)].map((m) => Number(m[0]));
  return { shape, data: new Float32Array(bytes.buffer.slice(bytes.byteOffset + end, bytes.byteOffset + bytes.length)) };
}

/** The exporter's message for many layers of one class, once per class: "DepthwiseConv2D ×17: not lowered yet: ...". */
function summarize(message: string): string {
  const byClass = new Map<string, { layers: number; reason: string }>();
  for (const [, className, reason] of message.matchAll(/'[^']+' \((\w+), \d+ calls?\): ([^;]+?)(?=; '|\. Replace|$)/g)) {
    const seen = byClass.get(className!) ?? { layers: 0, reason: reason! };
    byClass.set(className!, { ...seen, layers: seen.layers + 1 });
  }
  if (byClass.size === 0) return message.split('. ')[0]!;
  return [...byClass].map(([className, { layers, reason }]) => `${className} ×${layers}: ${reason}`).join('; ');
}

/** Errors name the file relative to the checkout, so that test titles are the same on every machine. */
async function importZoo(name: string, file: string) {
  return (await importModel(new URL(`${name}/${file}`, zoo).pathname, { fileName: `.cache/zoo/${name}/${file}` })).model;
}

/** Why this file cannot be exported yet, when that is the reason; undefined when it should export. */
async function notYetReason(name: string, file: string): Promise<string | undefined> {
  try {
    checkLowerable(await importZoo(name, file), createLoweringTable(), 18);
  } catch (error) {
    if (error instanceof KerasBridgeError && NOT_YET_CODES.has(error.code)) return summarize(error.message);
  }
  return undefined;
}

async function exportZoo(name: string, file: string): Promise<Uint8Array> {
  return toOnnx(await importZoo(name, file));
}

describe('keras.applications models exported to ONNX give Keras predict() outputs', () => {
  if (models.length === 0) {
    test('the zoo is built', () => {
      expect.fail(`No zoo models in ${zoo.pathname}: run \`npm run zoo\` first (it needs the Python venv of fixtures/README.md).`);
    });
  }

  for (const name of models) {
    for (const old of readdirSync(new URL(`${name}/`, zoo)).filter((f) => f.endsWith('.onnx'))) rmSync(new URL(`${name}/${old}`, zoo));
  }

  describe.each(models)('%s', async (name) => {
    const reference = JSON.parse(readFileSync(new URL(`${name}/reference.json`, zoo), 'utf8')) as Reference;
    const reasons = await Promise.all(FILES.map((file) => notYetReason(name, file)));

    FILES.forEach((file, i) => {
      if (reasons[i]) {
        test.fails(`${file}: expected failure, ${reasons[i]}`, () => exportZoo(name, file));
        return;
      }
      test(`${file}: onnxruntime-node matches Keras within 1e-4 + 1e-3·|keras|`, async () => {
        const bytes = await exportZoo(name, file);
        writeFileSync(new URL(`${name}/${file}.onnx`, zoo), bytes);
        const input = readNpy(new URL(`${name}/input.npy`, zoo));
        const expected = readNpy(new URL(`${name}/output.npy`, zoo));
        const session = await ort.InferenceSession.create(bytes);
        try {
          expect([...session.inputNames, ...session.outputNames]).toEqual([...reference.inputs, ...reference.outputs].map((t) => t.name));
          const results = await session.run({ [session.inputNames[0]!]: new ort.Tensor('float32', input.data, input.shape) });
          const ours = results[session.outputNames[0]!]!;
          expect(ours.dims).toEqual(expected.shape);
          const data = ours.data as Float32Array;
          let maxAbs = 0;
          let maxRel = 0;
          expected.data.forEach((b, j) => {
            const error = Math.abs(data[j]! - b);
            if (!(error <= 1e-4 + 1e-3 * Math.abs(b))) expect.fail(`output[${j}]: ONNX gives ${data[j]}, Keras ${b} (|Δ| = ${error})`);
            maxAbs = Math.max(maxAbs, error);
            if (b !== 0) maxRel = Math.max(maxRel, error / Math.abs(b));
          });
          errors.push(`${`${name} ${file}`.padEnd(30)} max |Δ| ${maxAbs.toExponential(1)}, max |Δ|/|keras| ${maxRel.toExponential(1)}`);
        } finally {
          await session.release();
        }
      });
    });

    if (reasons.some((reason) => !reason)) {
      test('onnx.checker full check passes on its exports', () => {
        const checker = new URL('../fixtures/check_onnx.py', import.meta.url).pathname;
        const run = spawnSync(python.pathname, [checker, new URL(name, zoo).pathname], { encoding: 'utf8' });
        expect(run.status, `${run.stdout}${run.stderr}${run.error?.message ?? ''}`).toBe(0);
      });
    }
  });

  afterAll(() => {
    if (errors.length > 0) console.info(`onnxruntime-node against Keras, batch of 2 (outputs are softmax probabilities):\n  ${errors.join('\n  ')}`);
  });
});
