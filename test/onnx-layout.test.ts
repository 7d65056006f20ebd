// The layout pass (src/exporters/onnx/layout/) as tf2onnx tests its transpose optimizer: every model is
// exported with the pass and without it (toOnnx's { optimizeLayout: false }), both run by onnxruntime on
// the same batch must agree, and the Transposes left are counted per model. Issue #4 asks for none inside
// an image model: one per image input (none with inputsAsNchw) and one per image output. The blocks of
// MobileNetV2 and ResNet50 are rebuilt here in TypeScript, so that CI checks them without Python; the real
// models, built by Keras through fixtures/zoo.py, are checked where the Python venv exists.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, test } from 'vitest';
import { Input, KerasBridgeError, Model, layers, toOnnx, type Functional, type Lowering, type OnnxGraph, type SymbolicTensor, type Value } from 'kerasbridge';
import { decodeModel } from '../src/exporters/onnx/onnx-schema.js';
import { float32Tensor, transposeTensor } from '../src/exporters/onnx/tensor-data.js';
import { importModel } from '../src/importers/load.js';

const fixtures = new URL('../fixtures/models/', import.meta.url);
const zoo = new URL('../.cache/zoo/', import.meta.url);
const python = new URL('../.venv/bin/python', import.meta.url);

/** Park-Miller: the same weights and inputs on every run. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 48271) % 2147483647) / 2147483647;
}

/** A batch for a graph input of `shape` (batch first, as Keras declares it), values in [-1, 1). */
function batchFor(shape: readonly (number | null)[], random: () => number): ort.Tensor {
  const dims = [2, ...shape.slice(1).map((d) => d!)];
  return new ort.Tensor('float32', Float32Array.from({ length: dims.reduce((a, b) => a * b) }, () => 2 * random() - 1), dims);
}

/** The same batch with its channels moved to axis 1, as a caller of an inputsAsNchw export holds it. */
function channelsFirst(batch: ort.Tensor): ort.Tensor {
  const rank = batch.dims.length;
  const perm = [0, rank - 1, ...Array.from({ length: rank - 2 }, (_, i) => i + 1)];
  const moved = transposeTensor(float32Tensor(batch.data as Float32Array, batch.dims), perm);
  return new ort.Tensor('float32', moved.data as Float32Array, moved.dims);
}

/** Random weights where Keras has constants, so that BatchNormalization folds into non-trivial per-channel factors. */
function randomWeights<M extends Functional>(model: M, seed = 7): M {
  const random = seeded(seed);
  for (const w of model.weights) {
    const positive = w.name === 'moving_variance' || w.name === 'gamma';
    w.value = Float32Array.from({ length: w.size }, () => (positive ? 0.5 + random() : random() - 0.5));
  }
  return model;
}

async function run(bytes: Uint8Array, inputs: readonly ort.Tensor[]): Promise<Float32Array[]> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const results = await session.run(Object.fromEntries(session.inputNames.map((name, i) => [name, inputs[i]!])));
    return session.outputNames.map((name) => results[name]!.data as Float32Array);
  } finally {
    await session.release();
  }
}

const transposes = (bytes: Uint8Array) => decodeModel(bytes).graph.node.filter((n) => n.op_type === 'Transpose').length;

/** The largest |optimized - reference| over all outputs, failing on any element off by more than reordered float32 sums can be. */
function maxDifference(optimized: readonly Float32Array[], reference: readonly Float32Array[]): number {
  let max = 0;
  reference.forEach((expected, k) =>
    expected.forEach((b, i) => {
      const error = Math.abs(optimized[k]![i]! - b);
      if (!(error <= 1e-6 + 1e-5 * Math.abs(b))) expect.fail(`output ${k}[${i}]: ${optimized[k]![i]} with the pass, ${b} without (|Δ| = ${error})`);
      max = Math.max(max, error);
    }),
  );
  return max;
}

interface LayoutResult {
  readonly before: number;
  readonly after: number;
  readonly nchw: number;
  /** Transposes left inside the graph, by name: see strayTransposes. */
  readonly stray: readonly string[];
  readonly maxError: number;
}

/**
 * Exports `model` without the pass, with it, and with it and `inputsAsNchw: true`; runs all three on
 * `inputs` (channels-last, moved for the inputs the third declares channels-first) and compares with the first.
 */
async function checkLayout(model: Functional, inputs: readonly ort.Tensor[]): Promise<LayoutResult> {
  const reference = toOnnx(model, { optimizeLayout: false });
  const optimized = toOnnx(model);
  const nchw = toOnnx(model, { inputsAsNchw: true });
  const expected = await run(reference, inputs);
  // `true` declares channels-first only the inputs for which that saves a Transpose: those whose shape changed.
  const declared = decodeModel(nchw).graph.input.map(
    (io, i) => io.type.tensor_type.shape.dim.slice(1).map((d) => d.dim_value ?? null).join() !== model.inputs[i]!.shape.slice(1).join(),
  );
  const maxError = Math.max(
    maxDifference(await run(optimized, inputs), expected),
    maxDifference(await run(nchw, inputs.map((x, i) => (declared[i] ? channelsFirst(x) : x))), expected),
  );
  return { before: transposes(reference), after: transposes(optimized), nchw: transposes(nchw), stray: strayTransposes(optimized), maxError };
}

/**
 * The names of the Transposes inside the graph: those that neither read a graph input nor write a
 * graph output, leaving out the ones before a Reshape, which Flatten's channels-last order needs.
 */
function strayTransposes(bytes: Uint8Array): string[] {
  const { graph } = decodeModel(bytes);
  const boundary = new Set([...graph.input, ...graph.output].map((io) => io.name));
  const reshaped = new Set(graph.node.filter((n) => n.op_type === 'Reshape').map((n) => n.input[0]));
  return graph.node.filter((n) => n.op_type === 'Transpose' && !boundary.has(n.input[0]!) && !boundary.has(n.output[0]!) && !reshaped.has(n.output[0])).map((n) => n.name);
}

const report: string[] = [];
const record = (name: string, r: LayoutResult) =>
  report.push(`${name}: ${r.before} -> ${r.after} Transposes (${r.nchw} with inputsAsNchw), max |Δ| ${r.maxError.toExponential(1)}`);

/** Transposes left per fixture model, with the pass and with inputsAsNchw: [after, nchw]. */
const FIXTURE_TRANSPOSES: Record<string, [number, number]> = {
  activations: [0, 0],
  bidirectional: [3, 3], // the recurrent lowerings' own: ONNX's RNN ops read (time, batch, features)
  cnn: [2, 1], // the input's, and one before Flatten, which Keras orders channels-last
  conv1d: [1, 0],
  'conv2d-transpose': [2, 1], // the input's and the output's
  'depthwise-separable': [1, 0],
  'embedding-rnn': [3, 3],
  frozen: [0, 0],
  'layer-norm': [0, 0],
  merge: [0, 0],
  'mlp-sequential': [0, 0],
  'multi-io': [0, 0],
  'nested-functional': [0, 0],
  'nested-sequential': [0, 0],
  'op-nodes': [0, 0],
  'padding-cropping': [3, 2], // the input's and one per image output
  'reshape-permute': [1, 1], // Permute's own
  'simple-rnn': [3, 3],
  'time-distributed': [0, 0],
};

describe('fixture models: equal outputs with the pass, and the Transposes it leaves', () => {
  const names = readdirSync(fixtures).sort();
  test('every fixture that exports is listed here with its count', async () => {
    const exportable: string[] = [];
    for (const name of names) {
      const model = (await importModel(new URL(`${name}/model.keras`, fixtures).pathname)).model;
      try {
        toOnnx(model);
        exportable.push(name);
      } catch (error) {
        if (!(error instanceof KerasBridgeError && error.code === 'UNSUPPORTED_LAYER')) throw error;
      }
    }
    expect(exportable).toEqual(Object.keys(FIXTURE_TRANSPOSES).sort());
  });

  test.each(Object.entries(FIXTURE_TRANSPOSES))('%s: %j Transposes left', async (name, [after, nchw]) => {
    const model = (await importModel(new URL(`${name}/model.keras`, fixtures).pathname)).model;
    const reference = JSON.parse(readFileSync(new URL(`${name}/reference.json`, fixtures), 'utf8')) as {
      input: { shape: number[]; dtype: 'float32' | 'int32'; data: number[] }[];
    };
    const inputs = reference.input.map((t) =>
      t.dtype === 'int32' ? new ort.Tensor('int32', Int32Array.from(t.data), t.shape) : new ort.Tensor('float32', Float32Array.from(t.data), t.shape),
    );
    const result = await checkLayout(model, inputs);
    record(`fixtures/models/${name}`, result);
    expect([result.after, result.nchw]).toEqual([after, nchw]);
  });
});

const relu6 = (x: SymbolicTensor) => layers.ReLU({ max_value: 6 })(x);
const relu = (x: SymbolicTensor) => layers.Activation('relu')(x);
/** Conv2D without bias, then BatchNormalization: the unit both applications are made of. */
const convBn = (x: SymbolicTensor, filters: number, kernel: number, strides = 1) =>
  layers.BatchNormalization()(layers.Conv2D(filters, kernel, { strides, padding: 'same', use_bias: false })(x));

/** keras.applications.resnet's stack: 1x1, 3x3, 1x1 (x4) with a projected shortcut or the identity, Add, ReLU. */
function bottleneck(x: SymbolicTensor, filters: number, projected: boolean): SymbolicTensor {
  const shortcut = projected ? convBn(x, 4 * filters, 1) : x;
  const y = convBn(relu(convBn(relu(convBn(x, filters, 1)), filters, 3)), 4 * filters, 1);
  return relu(layers.Add()([shortcut, y]));
}

/** keras.applications.mobilenet_v2's block: expand, ZeroPadding before a strided depthwise 'valid' one, project, Add when shapes allow. */
function invertedResidual(x: SymbolicTensor, filters: number, strides: 1 | 2): SymbolicTensor {
  const channels = x.shape[3]!;
  let y = relu6(convBn(x, 4 * channels, 1));
  if (strides === 2) y = layers.ZeroPadding2D({ padding: [[0, 1], [0, 1]] })(y);
  y = layers.DepthwiseConv2D(3, { strides, padding: strides === 2 ? 'valid' : 'same', use_bias: false })(y);
  y = convBn(relu6(layers.BatchNormalization()(y)), filters, 1);
  return strides === 1 && filters === channels ? layers.Add()([x, y]) : y;
}

const classifier = (image: SymbolicTensor, x: SymbolicTensor) =>
  Model(image, layers.Dense(5, { activation: 'softmax' })(layers.GlobalAveragePooling2D()(x)));

interface BuiltCase {
  readonly name: string;
  readonly build: () => Functional;
  /** Transposes left with the pass, and with it and inputsAsNchw. */
  readonly transposes: [number, number];
}

const BUILT: readonly BuiltCase[] = [
  {
    name: 'ResNet50 stem and blocks: ZeroPadding, 7x7/2 Conv, BN, ReLU, MaxPool, bottlenecks with both shortcuts',
    transposes: [1, 0],
    build() {
      const image = Input({ shape: [32, 32, 3], name: 'image' });
      let x = relu(layers.BatchNormalization()(layers.Conv2D(8, 7, { strides: 2 })(layers.ZeroPadding2D({ padding: 3 })(image))));
      x = layers.MaxPooling2D(3, { strides: 2 })(layers.ZeroPadding2D({ padding: 1 })(x));
      return classifier(image, bottleneck(bottleneck(x, 4, true), 4, false));
    },
  },
  {
    name: 'MobileNetV2 stem and blocks: ReLU6, DepthwiseConv2D after ZeroPadding, inverted residuals with Add',
    transposes: [1, 0],
    build() {
      const image = Input({ shape: [32, 32, 3], name: 'image' });
      let x = relu6(convBn(image, 8, 3, 2));
      x = invertedResidual(invertedResidual(invertedResidual(x, 8, 1), 12, 2), 12, 1);
      return classifier(image, relu6(convBn(x, 16, 1)));
    },
  },
  {
    name: 'squeeze-and-excitation (EfficientNet, MobileNetV3): swish, pooling then Reshape or keepdims, Multiply broadcasting (N,C,1,1), GlobalMaxPooling',
    transposes: [1, 0],
    build() {
      const image = Input({ shape: [16, 16, 3], name: 'image' });
      const excite = (x: SymbolicTensor, pooled: SymbolicTensor) =>
        layers.Multiply()([x, layers.Conv2D(8, 1, { activation: 'sigmoid' })(layers.Conv2D(2, 1, { activation: 'relu' })(pooled))]);
      const x = layers.BatchNormalization()(layers.Conv2D(8, 3, { padding: 'same', activation: 'swish' })(image));
      let y = excite(x, layers.Reshape([1, 1, 8])(layers.GlobalAveragePooling2D()(x)));
      y = excite(y, layers.GlobalAveragePooling2D({ keepdims: true })(y));
      return Model(image, layers.Dense(3)(layers.GlobalMaxPooling2D()(layers.Add()([x, convBn(y, 8, 1)]))));
    },
  },
  {
    name: 'U-Net-like image to image: Concatenate, UpSampling nearest and bilinear, Cropping, ZeroPadding, AveragePooling, per-pixel softmax',
    transposes: [2, 1],
    build() {
      const image = Input({ shape: [16, 16, 4], name: 'image' });
      const skip = layers.Conv2D(6, 3, { padding: 'same', activation: 'relu' })(image);
      const deep = layers.Conv2D(6, 3, { padding: 'same', activation: 'relu' })(layers.MaxPooling2D(2)(skip));
      let x = layers.Concatenate()([layers.UpSampling2D(2)(deep), skip]);
      x = layers.ZeroPadding2D({ padding: 1 })(layers.Cropping2D({ cropping: 1 })(x));
      x = layers.AveragePooling2D(2)(layers.UpSampling2D({ size: 2, interpolation: 'bilinear' })(x));
      return Model(image, layers.Conv2D(3, 1, { activation: 'softmax' })(x));
    },
  },
  {
    name: 'Flatten before Dense keeps one Transpose: Keras flattens channels-last',
    transposes: [2, 1],
    build() {
      const image = Input({ shape: [8, 8, 3], name: 'image' });
      const x = layers.MaxPooling2D(2)(layers.Conv2D(4, 3, { activation: 'relu' })(image));
      return Model(image, layers.Dense(3)(layers.Flatten()(x)));
    },
  },
  {
    name: 'an image and a vector input: only the image is read channels-first',
    transposes: [1, 0],
    build() {
      const image = Input({ shape: [8, 8, 3], name: 'image' });
      const meta = Input({ shape: [4], name: 'meta' });
      const features = layers.GlobalAveragePooling2D()(layers.Conv2D(4, 3, { activation: 'relu' })(image));
      return Model([image, meta], layers.Dense(2)(layers.Concatenate()([features, meta])));
    },
  },
];

describe('models built in TypeScript: equal outputs with the pass, and the Transposes it leaves', () => {
  test.each(BUILT)('$name', async ({ name, build, transposes: expected }) => {
    const model = randomWeights(build());
    const random = seeded(11);
    const result = await checkLayout(model, model.inputs.map((t) => batchFor(t.shape, random)));
    record(name.split(':')[0]!, result);
    expect([result.after, result.nchw, result.stray]).toEqual([...expected, []]);
  });

  test('inputsAsNchw by name declares that input channels-first; a name that is no input, or of rank below 3, is refused', () => {
    const model = randomWeights(BUILT.at(-1)!.build());
    const { graph } = decodeModel(toOnnx(model, { inputsAsNchw: ['image'] }));
    expect(graph.input.map((i) => i.type.tensor_type.shape.dim.map((d) => d.dim_value ?? d.dim_param))).toEqual([['batch', 3, 8, 8], ['batch', 4]]);
    expect(() => toOnnx(model, { inputsAsNchw: ['meta'] })).toThrow("inputsAsNchw names 'meta', which has no channel axis to move (its rank is below 3). Name inputs of rank 3 to 5 among: image, meta.");
    expect(() => toOnnx(model, { inputsAsNchw: ['picture'] })).toThrow("inputsAsNchw names 'picture', which is not a graph input.");
  });
});

describe('rewrites at the edges of the graph', () => {
  const x = Input({ shape: [3, 4], name: 'x' });
  const model = Model(x, layers.Activation('linear', { name: 'out' })(x));
  const swap = (g: OnnxGraph, v: Value) => g.op('Transpose', [v], { perm: [0, 2, 1] });
  const exportedWith = (lower: Lowering['lower']) => decodeModel(toOnnx(model, { lowerings: [{ className: 'Activation', lower }] })).graph;

  test('a Transpose pair cancelled into a graph output leaves the output named as Keras names it, copied from the input', () => {
    const graph = exportedWith((g, _call, [v]) => [swap(g, swap(g, v!))]);
    expect(graph.node.map((n) => [n.op_type, n.input, n.output])).toEqual([['Identity', ['x'], ['out']]]);
  });

  test('the op that produced the cancelled pair gets the output name; an op on constants alone stays as it is', () => {
    const graph = exportedWith((g, _call, [v]) => [swap(g, swap(g, g.op('Add', [v!, g.op('Mul', [g.scalar(2), g.scalar(3)])])))]);
    expect(graph.node.map((n) => [n.op_type, n.output[0]])).toEqual([['Mul', 'out/Mul'], ['Add', 'out']]);
  });
});

/** keras.applications models as fixtures/zoo.py builds them (224x224, random weights), Transposes left: [with the pass, with inputsAsNchw]. */
const ZOO: Record<string, [number, number]> = { MobileNetV2: [1, 0], ResNet50: [1, 0] };
const hasPython = existsSync(python);

describe(
  hasPython ? 'keras.applications built by real Keras (fixtures/zoo.py, cached in .cache/zoo/)' : 'keras.applications: not run, Python is absent (.venv/bin/python; see README); the blocks above stand in',
  () => {
    test.each(Object.entries(ZOO))('%s: %j Transposes left', async (name, expected) => {
      if (!hasPython) return;
      if (!existsSync(new URL(`${name}/reference.json`, zoo))) {
        execFileSync(python.pathname, [new URL('../fixtures/zoo.py', import.meta.url).pathname, name]);
      }
      const model = (await importModel(new URL(`${name}/model.keras`, zoo).pathname)).model;
      const result = await checkLayout(model, [batchFor(model.inputs[0]!.shape, seeded(5))]);
      record(name, result);
      expect([result.after, result.nchw, result.stray]).toEqual([...expected, []]);
    }, 600_000);
  },
);

afterAll(() => console.info(`Transposes without the pass -> with it, and max |with - without| over the outputs:\n  ${report.join('\n  ')}`));
