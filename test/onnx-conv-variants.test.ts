// The convolution variants (depthwise, separable, transposed, locally connected, ConvLSTM), one row per
// combination of options, imported from files real Keras saved, exported with toOnnx and run by ONNX
// Runtime: each output equals the reference within 1e-4 + 1e-3·|reference|. The rows and references are
// fixtures/onnx-conv/reference.json (`.venv/bin/python fixtures/generate.py onnx-conv`), where each model
// says where its numbers come from: Keras' predict(), except
//  - LocallyConnected1D/2D, which Keras 3 removed: NumPy mirroring tf.keras 2's implementation-1 formula
//    (backend.local_conv, then backend.bias_add), on a legacy H5 with tf.keras 2's config and variables;
//  - dilated Conv1D/2DTranspose, which TensorFlow's CPU kernels refuse: the gradient of keras.ops.conv,
//    which is how tf.nn.conv_transpose is defined.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Input, Model, layers, toOnnx } from 'kerasbridge';
import { importModel } from '../src/importers/load.js';

interface Recorded {
  name: string;
  shape: number[];
  data: number[];
}

interface Row {
  id: string;
  model: string;
  className: string;
  options: Record<string, unknown>;
  input: Recorded;
  output: Recorded[];
}

interface Reference {
  models: Record<string, { file: string; reference: string }>;
  cases: Row[];
}

const folder = new URL('../fixtures/onnx-conv/', import.meta.url);
const exportDir = new URL('../.cache/onnx-conv/', import.meta.url);
const python = new URL('../.venv/bin/python', import.meta.url);
const reference = JSON.parse(readFileSync(new URL('reference.json', folder), 'utf8')) as Reference;
const OPSETS = [13, 18];
rmSync(exportDir, { recursive: true, force: true });
mkdirSync(exportDir, { recursive: true });

/** The largest |ours - reference| and the first element past the tolerance, if any. */
function measure(ours: ort.Tensor, expected: Recorded): { max: number; beyond?: string } {
  const data = ours.data as Float32Array;
  let max = 0;
  let beyond: string | undefined;
  expected.data.forEach((b, i) => {
    const error = Math.abs(data[i]! - b);
    max = Math.max(max, error);
    if (!(error <= 1e-4 + 1e-3 * Math.abs(b))) beyond ??= `[${i}]: ONNX gives ${data[i]}, the reference ${b}`;
  });
  return { max, beyond };
}

const worst = new Map<string, number>();

describe.each(OPSETS)('opset %i', (opset) => {
  describe.each(Object.entries(reference.models))('%s', (model, { file }) => {
    const rows = reference.cases.filter((row) => row.model === model);
    let outputs: ort.Tensor[][];

    // One export and one session per model: its inputs and outputs are the rows' in order.
    beforeAll(async () => {
      const bytes = toOnnx((await importModel(new URL(file, folder).pathname)).model, { opset });
      writeFileSync(new URL(`${model}.opset${opset}.onnx`, exportDir), bytes);
      const session = await ort.InferenceSession.create(bytes);
      try {
        const tensor = ({ data, shape }: Recorded) => new ort.Tensor('float32', Float32Array.from(data), shape);
        const feeds = Object.fromEntries(rows.map((row, i) => [session.inputNames[i]!, tensor(row.input)]));
        const results = await session.run(feeds);
        const flat = session.outputNames.map((name) => results[name]!);
        outputs = rows.map((row) => flat.splice(0, row.output.length));
      } finally {
        await session.release();
      }
    });

    test.each(rows)('$id: $className $options', (row) => {
      row.output.forEach((expected, i) => {
        const ours = outputs[rows.indexOf(row)]![i]!;
        expect(ours.dims, `shape of output ${i}`).toEqual(expected.shape);
        const { max, beyond } = measure(ours, expected);
        expect(beyond, `output ${i}`).toBeUndefined();
        worst.set(row.id, Math.max(max, worst.get(row.id) ?? 0));
      });
    });
  });
});

describe('options without a lowering are refused, naming the layer and why', () => {
  test.each([
    {
      name: 'ConvLSTM2D over an unknown number of time steps',
      shape: [null, 4, 4, 2],
      layer: () => layers.ConvLSTM2D(2, 3, { name: 'clstm' }),
      error: /'clstm' \(ConvLSTM2D, 1 call\): an unknown number of time steps needs an ONNX Loop/,
    },
    {
      name: "LocallyConnected1D with padding 'same'",
      shape: [6, 2],
      layer: () => layers.LocallyConnected1D(2, 3, { padding: 'same', name: 'lc' }),
      error: /'lc' \(LocallyConnected1D, 1 call\): padding 'same' has no implementation-1 formula/,
    },
  ])('$name', ({ shape, layer, error }) => {
    const x = Input({ shape });
    expect(() => toOnnx(Model(x, layer()(x)))).toThrow(error);
  });
});

describe('the exports', () => {
  test(existsSync(python) ? 'pass onnx.checker full check' : 'onnx.checker: not run, Python is absent (.venv/bin/python)', () => {
    if (!existsSync(python)) return;
    const report = execFileSync(python.pathname, [new URL('../fixtures/check_onnx.py', import.meta.url).pathname, exportDir.pathname], { encoding: 'utf8' });
    const files = Object.keys(reference.models).length * OPSETS.length;
    expect(report).toContain(`${files} of ${files} pass`);
  });
});

afterAll(() => {
  console.info(`max |onnxruntime - reference| per row, opsets ${OPSETS.join(', ')}:\n${[...worst].map(([id, e]) => `  ${id}: ${e.toExponential(1)}`).join('\n')}`);
});
