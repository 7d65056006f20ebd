// SimpleRNN, LSTM, GRU, Bidirectional and TimeDistributed under many option combinations, as real
// Keras saved and ran them (fixtures/onnx-rnn/, `generate.py onnx-rnn`): each model exported with
// toOnnx at several opsets and run by onnxruntime-node must give every output of Keras' predict()
// within 1e-4 + 1e-3·|keras|.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Input, Model, layerFactory, layers, toOnnx } from 'kerasbridge';
import { decodeModel } from '../src/exporters/onnx/onnx-schema.js';
import { importModel } from '../src/importers/load.js';

interface Recorded {
  readonly name: string;
  readonly shape: number[];
  readonly data: number[];
}

const folder = new URL('../fixtures/onnx-rnn/', import.meta.url);
const exports = new URL('../.cache/onnx-recurrent/', import.meta.url);
const python = new URL('../.venv/bin/python', import.meta.url);
const { models } = JSON.parse(readFileSync(new URL('reference.json', folder), 'utf8')) as {
  models: Record<string, { file: string; input: Recorded[]; output: Recorded[] }>;
};
const OPSETS = [13, 18, 21];
const maxErrors = new Map<string, number>();

/** Runs `bytes` on the recorded batch and returns the outputs in graph order. */
async function predict(bytes: Uint8Array, batch: readonly Recorded[]): Promise<ort.Tensor[]> {
  const session = await ort.InferenceSession.create(bytes);
  const feeds = Object.fromEntries(batch.map((t, i) => [session.inputNames[i]!, new ort.Tensor('float32', Float32Array.from(t.data), t.shape)]));
  const results = await session.run(feeds);
  const outputs = session.outputNames.map((name) => results[name]!);
  await session.release();
  return outputs;
}

rmSync(exports, { recursive: true, force: true });
mkdirSync(exports, { recursive: true });

describe.each(Object.entries(models))('%s', (name, { file, input, output }) => {
  const byOpset = new Map<number, ort.Tensor[]>();
  beforeAll(async () => {
    const { model } = await importModel(new URL(file, folder).pathname);
    for (const opset of OPSETS) {
      const bytes = toOnnx(model, { opset });
      writeFileSync(new URL(`${name}.opset${opset}.onnx`, exports), bytes);
      byOpset.set(opset, await predict(bytes, input));
    }
  }, 60_000);

  test.each(output.map((expected, i) => [expected.name, i] as const))('%s', (label, i) => {
    const expected = output[i]!;
    for (const opset of OPSETS) {
      const actual = byOpset.get(opset)![i]!;
      expect(actual.dims, `shape at opset ${opset}`).toEqual(expected.shape);
      const ours = actual.data as Float32Array;
      const worst = expected.data.reduce((w, b, k) => (Math.abs(ours[k]! - b) > Math.abs(ours[w]! - expected.data[w]!) ? k : w), 0);
      const error = Math.abs(ours[worst]! - expected.data[worst]!);
      const outside = expected.data.findIndex((b, k) => !(Math.abs(ours[k]! - b) <= 1e-4 + 1e-3 * Math.abs(b)));
      expect(outside, `opset ${opset}: element ${outside} is ${ours[outside]}, Keras ${expected.data[outside]}`).toBe(-1);
      maxErrors.set(label, Math.max(maxErrors.get(label) ?? 0, error));
    }
  });
});

describe('how the layers are written', () => {
  test('a Bidirectional copy of one layer is one op; directions with different biases are two', async () => {
    const { model } = await importModel(new URL('bidirectional.keras', folder).pathname);
    const ops = decodeModel(toOnnx(model)).graph.node.filter((n) => ['LSTM', 'GRU', 'RNN'].includes(n.op_type));
    const directions = ops.map((n) => new TextDecoder().decode(n.attribute.find((a) => a.name === 'direction')!.s));
    expect(directions.filter((d) => d === 'bidirectional')).toHaveLength(7);
    expect(directions.filter((d) => d !== 'bidirectional').sort()).toEqual(['forward', 'forward', 'reverse', 'reverse']);
  });

  test('an activation the ONNX recurrent ops lack is named before anything is written', () => {
    const x = Input({ shape: [5, 3] });
    expect(() => toOnnx(Model(x, layers.LSTM(3, { activation: 'gelu', name: 'lstm_gelu' })(x)))).toThrow(
      `'lstm_gelu' (LSTM, 1 call): activation "gelu" is not among the ONNX LSTM activation functions`,
    );
  });

  test('a layer inside TimeDistributed that has no lowering is named', () => {
    const Unlowered = layerFactory<Record<never, never>, []>({ className: 'Unlowered', defaults: {}, positional: [], outputSpecs: (_c, [x]) => [x!] });
    const x = Input({ shape: [4, 3] });
    const model = Model(x, layers.TimeDistributed(Unlowered({ name: 'inner' }), { name: 'td' })(x));
    expect(() => toOnnx(model)).toThrow(`Layer 'inner' (Unlowered) inside 'td' cannot be lowered: it has no ONNX lowering.`);
  });
});

test(existsSync(python) ? 'onnx.checker full check passes on every export' : 'onnx.checker full check: not run, Python is absent (.venv/bin/python)', () => {
  if (!existsSync(python)) return;
  const report = execFileSync(python.pathname, [new URL('../fixtures/check_onnx.py', import.meta.url).pathname, exports.pathname], { encoding: 'utf8' });
  expect(report).toMatch(new RegExp(`${Object.keys(models).length * OPSETS.length} of \\d+ pass`));
}, 60_000);

afterAll(() => {
  const rows = [...maxErrors].map(([label, error]) => `  ${label}: ${error.toExponential(1)}`);
  console.info(`max |onnxruntime - Keras| per output over opsets ${OPSETS.join(', ')}:\n${rows.join('\n')}`);
});
