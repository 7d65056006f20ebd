// Every fixture model (fixtures/models/*/model.keras) exported with toOnnx and run by ONNX Runtime on
// the batch recorded in reference.json gives Keras' own predict() within 1e-4 + 1e-3·|keras|. Models
// with a layer that has no lowering yet are listed with what they wait for: they must still fail, so
// that a new lowering shows up as an unexpected pass and its entry is removed here.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, test } from 'vitest';
import { Input, Model, layers, toOnnx, type Lowering } from 'kerasbridge';
import { ACTIVATIONS } from '../src/layers/common.js';
import { gelu } from '../src/exporters/onnx/lowerings/activations.js';
import { importModel } from '../src/importers/load.js';

interface RecordedTensor {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  data: number[];
}

const fixtures = new URL('../fixtures/', import.meta.url);
const exportDir = new URL('../.cache/onnx-export/', import.meta.url);
const python = new URL('../.venv/bin/python', import.meta.url);
const OPSETS = [13, 17, 18, 21];

/** Fixtures that cannot be exported yet, and the error that says why. */
const NOT_YET: Record<string, RegExp> = {
};

/** Keras 3 fixtures (model.keras, outputs of Keras' predict) and TF.js ones (model.json, outputs of tfjs' predict). */
const FIXTURES = [
  ...readdirSync(new URL('models/', fixtures)).map((name) => ({ id: `models/${name}`, file: 'model.keras' })),
  ...readdirSync(new URL('tfjs/', fixtures)).map((name) => ({ id: `tfjs/${name}`, file: 'model.json' })),
].sort((a, b) => a.id.localeCompare(b.id));

const worst: Record<string, string> = {};

function tensorOf(t: RecordedTensor): ort.Tensor {
  return t.dtype === 'int32' ? new ort.Tensor('int32', Int32Array.from(t.data), t.shape) : new ort.Tensor('float32', Float32Array.from(t.data), t.shape);
}

/** Runs the model on the recorded inputs, in graph input order, and returns its outputs by graph output order. */
async function run(bytes: Uint8Array, inputs: readonly RecordedTensor[]): Promise<{ names: readonly string[]; outputs: ort.Tensor[] }> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const results = await session.run(Object.fromEntries(session.inputNames.map((name, i) => [name, tensorOf(inputs[i]!)])));
    return { names: [...session.inputNames, ...session.outputNames], outputs: session.outputNames.map((name) => results[name]!) };
  } finally {
    await session.release();
  }
}

/** The largest |ours - expected|, after checking the shape and the tolerance element by element. */
function compare(ours: ort.Tensor, expected: RecordedTensor): number {
  expect(ours.dims, `shape of ${expected.name}`).toEqual(expected.shape);
  const data = ours.data as Float32Array;
  let max = 0;
  expected.data.forEach((b, i) => {
    const error = Math.abs(data[i]! - b);
    if (!(error <= 1e-4 + 1e-3 * Math.abs(b))) expect.fail(`${expected.name}[${i}]: ONNX gives ${data[i]}, expected ${b} (|Δ| = ${error})`);
    max = Math.max(max, error);
  });
  return max;
}

describe('fixture models exported to ONNX match what Keras (or TF.js) predicted', () => {
  rmSync(exportDir, { recursive: true, force: true });
  mkdirSync(exportDir, { recursive: true });

  for (const { id, file } of FIXTURES) {
    const load = async () => (await importModel(new URL(`${id}/${file}`, fixtures).pathname)).model;
    if (NOT_YET[id]) {
      test(`${id}: not exportable yet`, async () => {
        const model = await load();
        expect(() => toOnnx(model)).toThrow(NOT_YET[id]);
      });
      continue;
    }
    test.each(OPSETS)(`${id}, opset %i: onnxruntime gives the recorded outputs`, async (opset) => {
      const reference = JSON.parse(readFileSync(new URL(`${id}/reference.json`, fixtures), 'utf8')) as { input: RecordedTensor[]; output: RecordedTensor[] };
      const bytes = toOnnx(await load(), { opset });
      writeFileSync(new URL(`${id.replace('/', '-')}.opset${opset}.onnx`, exportDir), bytes);
      const { names, outputs } = await run(bytes, reference.input);
      // Keras 3 records tensors under their layers' names, which are the graph's input and output names.
      if (id.startsWith('models/')) expect(names).toEqual([...reference.input, ...reference.output].map((t) => t.name));
      const errors = outputs.map((o, i) => compare(o, reference.output[i]!));
      worst[id] = errors.map((e, i) => Math.max(e, Number(worst[id]?.split(', ')[i] ?? 0)).toExponential(1)).join(', ');
    });
  }
  test(existsSync(python) ? 'onnx.checker full check passes on every export' : 'onnx.checker full check: not run, Python is absent (.venv/bin/python; see README)', () => {
    if (!existsSync(python)) return;
    const report = execFileSync(python.pathname, [new URL('../fixtures/check_onnx.py', import.meta.url).pathname, exportDir.pathname], { encoding: 'utf8' });
    expect(report).toMatch(/(\d+) of \1 pass/);
  });

  afterAll(() => {
    console.info(`max |onnxruntime - recorded| per output, over opsets ${OPSETS.join(', ')}:\n${Object.entries(worst).map(([n, e]) => `  ${n}: ${e}`).join('\n')}`);
  });
});

// Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7): JavaScript has no erf.
function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return Math.sign(x) * y;
}
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const softplus = (x: number) => Math.log1p(Math.exp(x));
const hardSigmoid = (x: number) => Math.min(Math.max(x + 3, 0), 6) / 6;
const rows = (f: (row: number[]) => number[]) => (xs: number[]) => [...f(xs.slice(0, 9)), ...f(xs.slice(9))];
const softmaxRow = (row: number[]) => row.map((x) => Math.exp(x)).map((e, _, all) => e / all.reduce((a, b) => a + b));

/** Each activation's formula as keras/src/backend/tensorflow/nn.py computes it, in float64. */
const EXPECTED: Record<string, (xs: number[]) => number[]> = {
  ...Object.fromEntries(
    Object.entries({
      linear: (x: number) => x,
      relu: (x: number) => Math.max(x, 0),
      relu6: (x: number) => Math.min(Math.max(x, 0), 6),
      leaky_relu: (x: number) => (x >= 0 ? x : 0.2 * x),
      elu: (x: number) => (x > 0 ? x : Math.expm1(x)),
      selu: (x: number) => 1.0507009873554805 * (x > 0 ? x : 1.6732632423543772 * Math.expm1(x)),
      celu: (x: number) => Math.max(x, 0) + Math.expm1(Math.min(x, 0)),
      gelu: (x: number) => 0.5 * x * (1 + erf(x / Math.SQRT2)),
      sigmoid,
      hard_sigmoid: hardSigmoid,
      hard_silu: (x: number) => x * hardSigmoid(x),
      hard_swish: (x: number) => x * hardSigmoid(x),
      silu: (x: number) => x * sigmoid(x),
      swish: (x: number) => x * sigmoid(x),
      tanh: Math.tanh,
      hard_tanh: (x: number) => Math.min(Math.max(x, -1), 1),
      tanh_shrink: (x: number) => x - Math.tanh(x),
      hard_shrink: (x: number) => (Math.abs(x) > 0.5 ? x : 0),
      soft_shrink: (x: number) => (x > 0.5 ? x - 0.5 : x < -0.5 ? x + 0.5 : 0),
      squareplus: (x: number) => (x + Math.sqrt(x * x + 4)) / 2,
      log_sigmoid: (x: number) => -softplus(-x),
      softplus,
      softsign: (x: number) => x / (1 + Math.abs(x)),
      exponential: Math.exp,
      mish: (x: number) => x * Math.tanh(softplus(x)),
      sparse_plus: (x: number) => (x <= -1 ? 0 : x < 1 ? 0.25 * (x + 1) ** 2 : x),
      sparse_sigmoid: (x: number) => (x <= -1 ? 0 : x < 1 ? 0.5 * (x + 1) : 1),
    }).map(([name, f]) => [name, (xs: number[]) => xs.map(f)]),
  ),
  softmax: rows(softmaxRow),
  log_softmax: rows((row) => softmaxRow(row).map(Math.log)),
  // Keras' τ sums the running sums over the support, where the textbook takes the last one.
  sparsemax: rows((row) => {
    const sorted = [...row].sort((a, b) => b - a);
    const sums = sorted.map((_, k) => sorted.slice(0, k + 1).reduce((a, b) => a + b));
    const support = sums.filter((sum, k) => sorted[k]! - (sum - 1) / (k + 1) > 0);
    const tau = (support.reduce((a, b) => a + b) - 1) / support.length;
    return row.map((x) => Math.max(x - tau, 0));
  }),
};

/** Not lowerable as Keras runs them (see NOT_LOWERABLE in lowerings/activations.ts): exporting them must say why. */
const ACTIVATIONS_NOT_YET = ['glu', 'threshold'];

/** A (2, 9) batch from -4.3 to 4.2, off the kinks at 0, ±0.5 and ±3. */
const RAMP: RecordedTensor = { name: 'x', shape: [2, 9], dtype: 'float32', data: Array.from({ length: 18 }, (_, i) => -4.3 + 0.5 * i) };

function activationModel(activation: string) {
  const x = Input({ shape: [9], name: 'x' });
  return Model(x, layers.Activation(activation as never)(x));
}

async function expectActivation(bytes: Uint8Array, expected: number[]): Promise<void> {
  const { outputs } = await run(bytes, [RAMP]);
  compare(outputs[0]!, { ...RAMP, name: 'output', data: expected });
}

describe('activations built in TypeScript, exported, equal their Keras formulas', () => {
  test('every built-in activation has a lowering checked here, or is listed as not lowered yet', () => {
    expect([...Object.keys(EXPECTED), ...ACTIVATIONS_NOT_YET].sort()).toEqual([...ACTIVATIONS].sort());
  });

  test.each(Object.keys(EXPECTED))('%s', async (name) => {
    await expectActivation(toOnnx(activationModel(name)), EXPECTED[name]!(RAMP.data));
  });

  test.each(ACTIVATIONS_NOT_YET)('%s: not exportable', (name) => {
    expect(() => toOnnx(activationModel(name))).toThrow(`activation '${name}' has no ONNX lowering: Keras`);
  });

  test('hard_sigmoid in models saved by Keras 1 or 2 (and TF.js) is clip(0.2x + 0.5, 0, 1)', async () => {
    const model = activationModel('hard_sigmoid');
    model.savedBy = { format: 'keras-h5', kerasVersion: '2.15.0', kerasMajor: 2 };
    await expectActivation(toOnnx(model), RAMP.data.map((x) => Math.min(Math.max(0.2 * x + 0.5, 0), 1)));
  });

  test("the tanh approximation of gelu (keras.ops.gelu's default), through a user lowering of Activation", async () => {
    const approximate: Lowering = { className: 'Activation', lower: (g, _call, [x]) => [gelu(g, x!, true)] };
    const expected = RAMP.data.map((x) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3))));
    await expectActivation(toOnnx(activationModel('relu'), { lowerings: [approximate] }), expected);
  });
});
