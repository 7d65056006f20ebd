// The Node runtime: every fixture model that exports today, opened from its .keras file, predicts what Keras
// predicted (within 1e-4 + 1e-3·|keras|); every input form gives the same outputs; every bad input is a
// typed error naming the input.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { Input, Model, createSession, layerFactory, layers, load, toOnnx, type IOSpec, type NdArray, type NestedArray, type PredictInputs, type Session } from 'kerasbridge';
import { normalizeInputs } from '../src/runtime/inputs.js';

interface RecordedTensor {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  data: number[];
}
interface Reference {
  input: RecordedTensor[];
  output: RecordedTensor[];
}

/** Every fixture model: each exports today (test/onnx-export.test.ts checks the same exports against Keras). */
const FIXTURES = readdirSync(new URL('../fixtures/models/', import.meta.url)).sort();

const modelFile = (name: string, file = 'model.keras') => new URL(`../fixtures/models/${name}/${file}`, import.meta.url).pathname;
const reference = (name: string): Reference => JSON.parse(readFileSync(modelFile(name, 'reference.json'), 'utf8'));

/** Nested JS arrays of a recorded tensor, as a user would type them. */
function nested(t: RecordedTensor): unknown {
  const build = (offset: number, depth: number): unknown => {
    if (depth === t.shape.length) return t.data[offset];
    const stride = t.shape.slice(depth + 1).reduce((a, b) => a * b, 1);
    return Array.from({ length: t.shape[depth]! }, (_, i) => build(offset + i * stride, depth + 1));
  };
  return build(0, 0);
}

function expectClose(outputs: Record<string, NdArray>, expected: readonly RecordedTensor[]): number {
  expect(Object.keys(outputs)).toEqual(expected.map((t) => t.name));
  let worst = 0;
  for (const t of expected) {
    const ours = outputs[t.name]!;
    expect([ours.dtype, ours.shape], t.name).toEqual([t.dtype, t.shape]);
    t.data.forEach((b, i) => {
      const error = Math.abs(ours.data[i] as number - b);
      if (!(error <= 1e-4 + 1e-3 * Math.abs(b))) expect.fail(`${t.name}[${i}]: ${ours.data[i]}, Keras ${b}`);
      worst = Math.max(worst, error);
    });
  }
  return worst;
}

async function withSession<T>(session: Session, use: (s: Session) => Promise<T>): Promise<T> {
  try {
    return await use(session);
  } finally {
    await session.release();
  }
}

describe('fixture models opened from .keras predict what Keras predicted', () => {
  test.each(FIXTURES)('%s', async (name) => {
    const { input, output } = reference(name);
    await withSession(await createSession(modelFile(name)), async (session) => {
      expect(session.inputNames).toEqual(input.map((t) => t.name));
      expect(session.outputNames).toEqual(output.map((t) => t.name));
      expect(session.executionProvider).toBe('cpu');
      const record = Object.fromEntries(input.map((t) => [t.name, { data: t.dtype === 'int32' ? Int32Array.from(t.data) : Float32Array.from(t.data), shape: t.shape }]));
      expect(expectClose(await session.predict(record), output)).toBeLessThan(1e-4);
    });
  });
});

describe('every input form and model source gives the same outputs', () => {
  const single = reference('mlp-sequential');
  const [x] = single.input;
  const multi = reference('multi-io');
  const flat = (t: RecordedTensor) => Float32Array.from(t.data);

  test.each<[string, PredictInputs]>([
    ['a flat typed array (batch inferred)', flat(x!)],
    ['nested arrays', nested(x!) as PredictInputs],
    ['{ data, shape }', { data: flat(x!), shape: x!.shape }],
    ['{ data, shape, dtype }', { data: flat(x!), shape: x!.shape, dtype: 'float32' }],
    ['a record of nested arrays', { features: nested(x!) } as PredictInputs],
    ['an array of one typed array', [flat(x!)]],
  ])('one input: %s', async (_, inputs) => {
    await withSession(await createSession(modelFile('mlp-sequential')), async (s) => expectClose(await s.predict(inputs), single.output));
  });

  test.each<[string, (ts: RecordedTensor[]) => PredictInputs]>([
    ['a record of typed arrays', (ts) => Object.fromEntries(ts.map((t) => [t.name, flat(t)]))],
    ['a record of nested arrays, in any key order', (ts) => Object.fromEntries([...ts].reverse().map((t) => [t.name, nested(t)])) as PredictInputs],
    ['a positional array of mixed forms', (ts) => [flat(ts[0]!), nested(ts[1]!) as NestedArray, { data: flat(ts[2]!), shape: ts[2]!.shape }]],
  ])('three inputs: %s', async (_, inputs) => {
    await withSession(await createSession(modelFile('multi-io')), async (s) => expectClose(await s.predict(inputs(multi.input)), multi.output));
  });

  test.each<[string, () => Promise<Session>]>([
    ['a legacy .h5 path', () => createSession(modelFile('multi-io', 'model.h5'))],
    ['a JSON config with weights', () => createSession(modelFile('multi-io', 'config.json'), { weights: modelFile('multi-io', 'model.weights.h5') })],
    ['.keras bytes', () => createSession(new Uint8Array(readFileSync(modelFile('multi-io'))))],
    ['a Functional model', async () => createSession(await load(modelFile('multi-io')))],
    ['ONNX bytes', async () => createSession(toOnnx(await load(modelFile('multi-io')), { opset: 13 }))],
    ['a Keras file at opset 21 with batch 2', () => createSession(modelFile('multi-io'), { opset: 21, batch: 2 })],
  ])('from %s', async (_, open) => {
    await withSession(await open(), async (s) => expectClose(await s.predict(Object.fromEntries(multi.input.map((t) => [t.name, nested(t)])) as PredictInputs), multi.output));
  });

  test('integer inputs, end to end: an Embedding model built in TypeScript', async () => {
    const tokens = Input({ shape: [3], dtype: 'int32', name: 'tokens' });
    const embedding = layers.Embedding(4, 2, { name: 'embed' });
    const model = Model(tokens, embedding(tokens));
    embedding.weights[0]!.value = Float32Array.from([0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5]);
    await withSession(await createSession(model), async (s) => {
      expect(s.inputs).toEqual([{ name: 'tokens', shape: [null, 3], dtype: 'int32' }]);
      const { embed } = await s.predict([[3, 0, 1]]);
      expect(embed).toEqual({ data: Float32Array.from([3, 3.5, 0, 0.5, 1, 1.5]), shape: [1, 3, 2], dtype: 'float32' });
      await expect(s.predict([[1.5, 0, 1]])).rejects.toThrow("Input 'tokens' is int32, but element 0 (row-major) is 1.5, which int32 cannot hold. Give whole numbers in the range of int32.");
    });
  });
});

describe('bad inputs are typed errors naming the input', () => {
  const rows: { name: string; model: string; inputs: PredictInputs; code: string; message: string }[] = [
    { name: 'an unknown name', model: 'multi-io', inputs: { lefty: [[1]] }, code: 'INVALID_ARGUMENT', message: "Unknown input name 'lefty'. The model's inputs are: left, right, meta." },
    { name: 'a missing input', model: 'multi-io', inputs: { left: [[1, 2, 3, 4, 5, 6]], right: [[1, 2, 3, 4, 5, 6]] }, code: 'INVALID_ARGUMENT', message: "Input 'meta' is missing. The model's inputs are: left, right, meta." },
    { name: 'too few positional values', model: 'multi-io', inputs: [new Float32Array(6), new Float32Array(6)], code: 'INVALID_ARGUMENT', message: 'The model has 3 inputs (left, right, meta), but the array holds 2 values. Give one per input, in this order.' },
    { name: 'one value for three inputs', model: 'multi-io', inputs: new Float32Array(6), code: 'INVALID_ARGUMENT', message: 'The model has 3 inputs (left, right, meta), but got the values of one. Pass a record keyed by input name, or an array in this order.' },
    { name: 'a wrong dimension', model: 'mlp-sequential', inputs: [[1, 2, 3]], code: 'INCOMPATIBLE_SHAPES', message: "Input 'features' expects shape (None, 10) (None: any size), but got (1, 3)." },
    { name: 'a wrong rank', model: 'mlp-sequential', inputs: { data: new Float32Array(10), shape: [10] }, code: 'INCOMPATIBLE_SHAPES', message: "Input 'features' expects shape (None, 10) (None: any size), but got (10,)." },
    { name: 'a flat array that fills no whole batch', model: 'mlp-sequential', inputs: new Float32Array(15), code: 'INCOMPATIBLE_SHAPES', message: "Input 'features' expects shape (None, 10), but got a flat array of 15 elements, which does not fill shape (None, 10). Pass { data, shape }." },
    { name: 'a wrong dtype', model: 'mlp-sequential', inputs: new Float64Array(10), code: 'INVALID_ARGUMENT', message: "Input 'features' expects float32 values, but got float64. Convert them first (in NumPy: x.astype('float32'))." },
    { name: 'a declared dtype that is wrong', model: 'mlp-sequential', inputs: { data: new Uint8Array(10), shape: [1, 10], dtype: 'bool' }, code: 'INVALID_ARGUMENT', message: "Input 'features' expects float32 values, but got bool. Convert them first (in NumPy: x.astype('float32'))." },
    { name: 'data that does not fill its shape', model: 'mlp-sequential', inputs: { data: new Float32Array(9), shape: [1, 10] }, code: 'INVALID_ARGUMENT', message: "Input 'features' declares float32 values of shape (1, 10), but holds a Float32Array of 9 elements. Make the data fit the shape." },
    { name: 'ragged nested arrays', model: 'mlp-sequential', inputs: [Array(10).fill(0), Array(9).fill(0)], code: 'INCOMPATIBLE_SHAPES', message: "Input 'features': the nested arrays are ragged: features[1] has 9 elements where 10 were expected. Give every row the same length." },
    { name: 'a string in nested arrays', model: 'mlp-sequential', inputs: [[...Array(9).fill(0), '1']] as unknown as PredictInputs, code: 'INVALID_ARGUMENT', message: "Input 'features': features[0][9] is \"1\", not a number. Nested arrays must be rectangular and hold numbers." },
    { name: 'null for an input', model: 'multi-io', inputs: { left: null, right: [], meta: [] } as unknown as PredictInputs, code: 'INVALID_ARGUMENT', message: "Input 'left' is null. Give a typed array, nested arrays, or { data, shape }." },
    { name: 'different batch sizes', model: 'multi-io', inputs: { left: new Float32Array(12), right: new Float32Array(6), meta: new Float32Array(6) }, code: 'INCOMPATIBLE_SHAPES', message: "Inputs 'left' and 'right' have different batch sizes (2 and 1). Give every input the same number of samples." },
  ];
  test.each(rows)('$name', async ({ model, inputs, code, message }) => {
    await withSession(await createSession(modelFile(model)), async (s) => {
      await expect(s.predict(inputs)).rejects.toThrow(expect.objectContaining({ name: 'KerasBridgeError', code, message }));
    });
  });

  test('a fixed batch size is checked', async () => {
    await withSession(await createSession(modelFile('mlp-sequential'), { batch: 1 }), async (s) => {
      expect(s.inputs[0]!.shape).toEqual([1, 10]);
      await expect(s.predict(new Float32Array(20))).rejects.toThrow("Input 'features' expects shape (1, 10), but got a flat array of 20 elements");
    });
  });

  const specs: IOSpec[] = [{ name: 'ids', shape: [null, 2], dtype: 'int64' }];
  test.each<[string, IOSpec['dtype'], unknown, string | RegExp]>([
    ['int64 from numbers and bigints', 'int64', [[1, 2n]], ''],
    ['int64 beyond 2^53 as a number', 'int64', [[2 ** 60, 1]], "Input 'ids' is int64, but element 0 (row-major) is 1152921504606847000, which int64 cannot hold. Give whole numbers in the range of int64."],
    ['int32 overflow', 'int32', [[2 ** 31, 0]], "Input 'ids' is int32, but element 0 (row-major) is 2147483648, which int32 cannot hold."],
    ['uint8 below zero', 'uint8', [[0, -1]], "Input 'ids' is uint8, but element 1 (row-major) is -1, which uint8 cannot hold."],
    ['bool from true/false and 0/1', 'bool', [[true, 0]], ''],
    ['bool from 2', 'bool', [[true, 2]], "Input 'ids' is bool, but element 1 (row-major) is 2, which bool cannot hold. Give true/false or 0/1."],
    ['float32 from a bigint', 'float32', [[1n, 0]], "Input 'ids' is float32, but element 0 (row-major) is 1n, which float32 cannot hold. Give numbers."],
  ])('nested arrays to %s', (_, dtype, value, error) => {
    const run = () => normalizeInputs([{ ...specs[0]!, dtype }], value as PredictInputs);
    if (error === '') expect(run()[0]!.shape).toEqual([1, 2]);
    else expect(run).toThrow(error);
  });
});

/** A layer class of the user's own, which has no ONNX lowering unless the user passes one. */
function modelWithCustomLayer() {
  const Scale = layerFactory<{ factor: number }, []>({ className: 'Scale', defaults: { factor: 1 }, positional: [], outputSpecs: (_c, inputs) => [inputs[0]!] });
  const x = Input({ shape: [2], name: 'x' });
  return Model(x, Scale({ name: 'scale' })(x));
}

describe('opening a model', () => {
  test('CUDA when it is not installed: one warning line, and the CPU', async () => {
    await withSession(await createSession(modelFile('mlp-sequential'), { executionProviders: ['cuda', 'cpu'] }), async (s) => {
      expect(s.executionProvider).toBe('cpu');
      expect(s.warnings).toHaveLength(1);
      expect(s.warnings[0]).toMatch(/^CUDA was requested but .*; running on the CPU\.$/);
      expect(s.warnings[0]).not.toContain('\n');
      expectClose(await s.predict(nested(reference('mlp-sequential').input[0]!) as PredictInputs), reference('mlp-sequential').output);
    });
  });

  test.each<[string, () => Promise<Session>, string, RegExp]>([
    ['an unknown execution provider', () => createSession(modelFile('mlp-sequential'), { executionProviders: ['tpu' as 'cpu'] }), 'INVALID_ARGUMENT', /Execution providers \["tpu"\] are not supported by onnxruntime-node here\. Use \['cpu'\] or \['cuda', 'cpu'\]\./],
    ['a missing file', () => createSession('no/such/model.onnx'), 'FILE_NOT_FOUND', /Cannot read 'no\/such\/model\.onnx'/],
    ['damaged ONNX bytes', () => createSession(new Uint8Array([0x08, 0x07, 0xff, 0xff, 0x01])), 'CORRUPT_FILE', /Cannot open 'model bytes' with onnxruntime: .*Check that it is an ONNX model\./],
    ['an unsupported layer', () => createSession(modelWithCustomLayer()), 'UNSUPPORTED_LAYER', /cannot be exported to ONNX: 1 layer cannot be lowered: 'scale' \(Scale, 1 call\)/],
    ['opset for an ONNX model', async () => createSession(toOnnx(await load(modelFile('mlp-sequential'))), { opset: 13 }), 'INVALID_ARGUMENT', /Options opset, batch and weights apply when converting a Keras model, and 'model bytes' is ONNX already: leave out opset\./],
  ])('%s is a typed error', async (_, open, code, message) => {
    await expect(open()).rejects.toThrow(expect.objectContaining({ code, message: expect.stringMatching(message) }));
  });
});
