// Operation nodes and the layers lowered with them (Dot, Attention, Normalization, Masking, the sparse
// activations): fixtures/onnx-ops holds one Keras model made of small graphs, one per case (the rows
// of fixtures/ops-cases.json that Keras runs, and fixtures/onnx-ops/cases.json), with a seeded batch
// and what Keras computed. Each case's part of the model, exported with toOnnx and run by ONNX
// Runtime, gives Keras' outputs, dtypes and shapes, within 1e-4 + 1e-3·|keras| for floats.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, test } from 'vitest';
import { Input, Model, OperationLayer, ops, toOnnx, type Functional, type OperationDefinition, type SymbolicTensor, type TensorSpec } from 'kerasbridge';
import { OP_DEFINITIONS } from '../src/ops/index.js';
import { OP_LOWERINGS } from '../src/exporters/onnx/ops/index.js';
import { importModel } from '../src/importers/load.js';

interface RecordedTensor {
  name: string;
  shape: number[];
  dtype: string;
  data: (number | boolean)[];
}
interface Case {
  id: string;
  inputs: string[];
  outputs: number[];
  output: RecordedTensor[];
}
interface Reference {
  input: RecordedTensor[];
  cases: Case[];
  refused: Record<string, string>;
}

const fixtures = new URL('../fixtures/onnx-ops/', import.meta.url);
const exportDir = new URL('../.cache/onnx-ops/', import.meta.url);
const python = new URL('../.venv/bin/python', import.meta.url);
const reference = JSON.parse(readFileSync(new URL('reference.json', fixtures), 'utf8')) as Reference;
const OPSETS = [13, 18, 21];

/** Cases whose export is known to differ from Keras, and why: they must keep failing until fixed. */
const XFAIL: Record<string, string> = {
  'prod with dtype':
    "Keras' TensorFlow backend ignores `dtype` when it is given (reduce_prod in int32) while its output spec, which the graph declares, says float32",
};

/** Cases that must not export, and the error that says why. */
const NOT_EXPORTED: Record<string, RegExp> = {
  'Activation glu': /activation 'glu' has no ONNX lowering: Keras computes half of the last axis but declares the input's shape/,
};

// float16 tensors travel as their IEEE half bits: Node 20 has no Float16Array. The recorded float16
// inputs are exact halves, so the conversion needs no rounding.
function halfBits(x: number): number {
  const f = new Float32Array([x]);
  const bits = new Uint32Array(f.buffer)[0]!;
  const sign = (bits >>> 16) & 0x8000;
  const exponent = ((bits >>> 23) & 0xff) - 127 + 15;
  const mantissa = bits & 0x7fffff;
  if (exponent >= 0x1f) return sign | 0x7c00 | (mantissa ? 0x200 : 0);
  if (exponent <= 0) return exponent < -10 ? sign : sign | ((mantissa | 0x800000) >> (14 - exponent));
  return sign | (exponent << 10) | (mantissa >> 13);
}

function fromHalf(h: number): number {
  const exponent = (h >> 10) & 0x1f;
  const value = exponent === 0 ? (h & 0x3ff) * 2 ** -24 : exponent === 0x1f ? ((h & 0x3ff) ? NaN : Infinity) : (1 + (h & 0x3ff) / 1024) * 2 ** (exponent - 15);
  return h & 0x8000 ? -value : value;
}

function tensorOf(t: RecordedTensor): ort.Tensor {
  const values = t.data.map(Number);
  const typed: Record<string, () => ort.Tensor['data']> = {
    float32: () => Float32Array.from(values),
    float64: () => Float64Array.from(values),
    float16: () => Uint16Array.from(values, halfBits),
    int8: () => Int8Array.from(values),
    int16: () => Int16Array.from(values),
    int32: () => Int32Array.from(values),
    int64: () => BigInt64Array.from(values, (v) => BigInt(v)),
    uint8: () => Uint8Array.from(values),
    uint16: () => Uint16Array.from(values),
    uint32: () => Uint32Array.from(values),
    uint64: () => BigUint64Array.from(values, (v) => BigInt(v)),
    bool: () => Uint8Array.from(values),
  };
  return new ort.Tensor(t.dtype as 'float32', typed[t.dtype]!() as Float32Array, t.shape);
}

function valuesOf(t: ort.Tensor): number[] {
  if (t.type === 'float16') return Array.from(t.data as Uint16Array, fromHalf);
  return Array.from(t.data as ArrayLike<number | bigint | boolean>, Number);
}

/** The largest |ours - Keras| of a float output; other dtypes must be equal. Equal infinities and two NaNs agree. */
function compare(ours: ort.Tensor, expected: RecordedTensor): number {
  expect([ours.type, ours.dims], `dtype and shape of ${expected.name}`).toEqual([expected.dtype, expected.shape]);
  const exact = !expected.dtype.startsWith('float');
  let max = 0;
  valuesOf(ours).forEach((a, i) => {
    const b = Number(expected.data[i]);
    if (Object.is(a, b) || a === b || (Number.isNaN(a) && Number.isNaN(b))) return;
    const error = Math.abs(a - b);
    if (exact || !(error <= 1e-4 + 1e-3 * Math.abs(b))) expect.fail(`${expected.name}[${i}]: ONNX gives ${a}, Keras ${b} (|Δ| = ${error})`);
    max = Math.max(max, error);
  });
  return max;
}

async function run(bytes: Uint8Array, inputs: Record<string, ort.Tensor>): Promise<ort.Tensor[]> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const results = await session.run(inputs);
    return session.outputNames.map((name) => results[name]!);
  } finally {
    await session.release();
  }
}

const model = (await importModel(new URL('model.keras', fixtures).pathname)).model;
const batch = Object.fromEntries(reference.input.map((t) => [t.name, tensorOf(t)]));

/** The case's own graph: its inputs and outputs, cut from the model. */
function caseModel(c: Case): Functional {
  return Model({ inputs: c.inputs.map((name) => model.inputs[model.inputNames.indexOf(name)]!), outputs: c.outputs.map((i) => model.outputs[i]!) });
}

const worst: Record<string, number> = {};
const slug = (id: string) => id.replace(/[^a-z0-9]+/gi, '-');

test('every built-in operation class has one ONNX lowering', () => {
  expect(OP_LOWERINGS.map((l) => l.definition.className).sort()).toEqual(OP_DEFINITIONS.map((d) => d.className).sort());
  expect(OP_LOWERINGS.every((l) => OP_DEFINITIONS.includes(l.definition))).toBe(true);
});

test('an operation class without a built-in lowering (a custom one, even under a built-in name) or with tensor keywords is named in the one error', () => {
  const custom: OperationDefinition = { className: 'Add', module: 'my.ops', args: ['x'], defaults: {}, outputSpecs: (_c, [x]) => [x as TensorSpec] };
  const x = Input({ shape: [3] });
  const mine = OperationLayer.create(custom, {}, 'mine').callWith([x]);
  const keyword = OperationLayer.create(ops.relu.definition, {}, 'keyword').callWith([mine], { scale: x }) as SymbolicTensor;
  expect(() => toOnnx(Model(x, ops.add(keyword, x)))).toThrow(
    /2 layers cannot be lowered: 'mine' \(Add, 1 call\): Keras operation Add \(my\.ops\) has no ONNX lowering; 'keyword' \(Relu, 1 call\): called with tensor keyword arguments \(scale\)/,
  );
});

test('Keras refuses only the rows it is known to (they are not exported)', () => {
  expect(Object.keys(reference.refused).sort()).toEqual(['add bool and bool', 'mod bools', 'reciprocal int']);
});

describe('operation cases exported to ONNX give what Keras computed', () => {
  rmSync(exportDir, { recursive: true, force: true });
  mkdirSync(exportDir, { recursive: true });

  for (const c of reference.cases) {
    const check = async (opset: number) => {
      const bytes = toOnnx(caseModel(c), { opset });
      writeFileSync(new URL(`${slug(c.id)}.opset${opset}.onnx`, exportDir), bytes);
      const outputs = await run(bytes, Object.fromEntries(c.inputs.map((name) => [name, batch[name]!])));
      const errors = outputs.map((o, i) => compare(o, c.output[i]!));
      worst[c.id] = Math.max(worst[c.id] ?? 0, ...errors);
    };
    if (NOT_EXPORTED[c.id]) test(`${c.id}: not exportable`, () => expect(() => toOnnx(caseModel(c))).toThrow(NOT_EXPORTED[c.id]));
    else if (XFAIL[c.id]) test.fails.each(OPSETS)(`${c.id} (xfail: ${XFAIL[c.id]}), opset %i`, check);
    else test.each(OPSETS)(`${c.id}, opset %i`, check);
  }

  test("tf.keras 2 TFOpLambda layers export through the same lowerings, to the outputs' shapes and dtypes TensorFlow computed", async () => {
    const dir = new URL('../fixtures/tf-keras/', import.meta.url);
    const measured = JSON.parse(readFileSync(new URL('tf-op-lambda.tf.json', dir), 'utf8')).layers as Record<string, { shape: (number | null)[]; dtype: string }>;
    const tfKeras = (await importModel(new URL('tf-op-lambda.json', dir).pathname)).model;
    // The config has no weights file: any values do for shapes.
    for (const w of tfKeras.weights) w.value = Float32Array.from({ length: w.size }, (_, i) => Math.sin(i));
    const bytes = toOnnx(tfKeras);
    writeFileSync(new URL('tf-op-lambda.onnx', exportDir), bytes);
    const feed = Object.fromEntries(tfKeras.inputNames.map((name) => [name, new ort.Tensor('float32', Float32Array.from({ length: 24 }, (_, i) => Math.cos(i)), [2, 4, 3])]));
    const outputs = await run(bytes, feed);
    expect(outputs.map((o) => [o.type, o.dims])).toEqual(tfKeras.outputNames.map((name) => [measured[name]!.dtype, measured[name]!.shape.map((d) => d ?? 2)]));
  });

  test(existsSync(python) ? 'onnx.checker full check passes on every export' : 'onnx.checker full check: not run, Python is absent (.venv/bin/python; see README)', () => {
    if (!existsSync(python)) return;
    const report = execFileSync(python.pathname, [new URL('../fixtures/check_onnx.py', import.meta.url).pathname, exportDir.pathname], { encoding: 'utf8' });
    expect(report).toMatch(/(\d+) of \1 pass/);
  });

  afterAll(() => {
    const rows = Object.entries(worst).map(([id, e]) => `  ${id}: ${e.toExponential(1)}`);
    console.info(`max |onnxruntime - Keras| per case, over opsets ${OPSETS.join(', ')}:\n${rows.join('\n')}`);
  });
});
