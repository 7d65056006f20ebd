// ConvNeXt's LayerScale (keras/src/applications/convnext.py) is not in keras.layers, so the layer rows of
// test/layer-cases.test.ts cannot cover it. fixtures/layer-scale/generate.py saves a tiny model using it
// with real Keras; imported here, exported with toOnnx and run by onnxruntime-node, it must give Keras' predict().
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { expect, test } from 'vitest';
import { toOnnx } from 'kerasbridge';
import { importModel } from '../src/importers/load.js';

interface RecordedTensor {
  shape: number[];
  data: number[];
}

const dir = new URL('../fixtures/layer-scale/', import.meta.url);
const reference = JSON.parse(readFileSync(new URL('reference.json', dir), 'utf8')) as { input: RecordedTensor; output: RecordedTensor };

test('a .keras model with LayerScale imports with its gamma and exports to ONNX that matches Keras', async () => {
  const { model } = await importModel(new URL('model.keras', dir).pathname);
  const layer = model.layers.find((l) => l.className === 'LayerScale')!;
  expect(layer.weights.map((w) => [...w.shape])).toEqual([[4]]);

  const session = await ort.InferenceSession.create(await toOnnx(model));
  try {
    const { input, output } = reference;
    const results = await session.run({ [session.inputNames[0]!]: new ort.Tensor('float32', Float32Array.from(input.data), input.shape) });
    const ours = results[session.outputNames[0]!]!;
    expect(ours.dims).toEqual(output.shape);
    const data = ours.data as Float32Array;
    output.data.forEach((b, i) => {
      const error = Math.abs(data[i]! - b);
      if (!(error <= 1e-4 + 1e-3 * Math.abs(b))) expect.fail(`output[${i}]: ONNX gives ${data[i]}, Keras ${b} (|Δ| = ${error})`);
    });
  } finally {
    await session.release();
  }
});
