// tf.keras 2 configs record TF functions applied to symbolic tensors as TFOpLambda / SlicingOpLambda
// layers. fixtures/tf-keras/tf-op-lambda.json is such a config, written by hand after tf.keras 2.15's
// serialization (no tf_keras wheel is available); fixtures/generate.py replays it with TensorFlow to
// record what each layer outputs (tf-op-lambda.tf.json). The import maps each onto a Keras operation.
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { OperationLayer, type Shape } from 'kerasbridge';
import { importModel } from '../src/importers/load.js';

const dir = new URL('../fixtures/tf-keras/', import.meta.url);
const measured = JSON.parse(readFileSync(new URL('tf-op-lambda.tf.json', dir), 'utf8')).layers as Record<string, { shape: Shape; dtype: string }>;

test('every TFOpLambda and SlicingOpLambda imports as a Keras operation with the output TensorFlow computes', async () => {
  const { model } = await importModel(new URL('tf-op-lambda.json', dir).pathname);
  expect(model.layers.map((l) => l.name)).toEqual(['input_1', 'input_2', 'dense']);
  const specs = Object.fromEntries(model.operations.map((op) => {
    const [output] = op.inboundNodes[0]!.outputTensors;
    return [op.name, { shape: output!.shape, dtype: output!.dtype }];
  }));
  expect(specs).toEqual(measured);
  const classes = Object.fromEntries(model.operations.filter((op) => op instanceof OperationLayer).map((op) => [op.name, op.className]));
  expect(classes).toEqual({
    'tf.__operators__.add': 'Add', 'tf.math.multiply': 'Multiply', 'tf.__operators__.getitem': 'GetItem',
    'tf.__operators__.getitem_1': 'GetItem', 'tf.concat': 'Concatenate', 'tf.nn.relu': 'Relu', 'tf.reshape': 'Reshape',
    'tf.math.reduce_sum': 'Sum', 'tf.math.subtract': 'Subtract', 'tf.expand_dims': 'ExpandDims',
    'tf.compat.v1.squeeze': 'Squeeze', 'tf.cast': 'Cast', 'tf.transpose': 'Transpose', 'tf.math.reduce_mean': 'Mean',
  });
});

test('TF call arguments become the operation\'s positional arguments and config', async () => {
  const { model } = await importModel(new URL('tf-op-lambda.json', dir).pathname);
  const op = (name: string) => model.operations.find((o) => o.name === name) as OperationLayer;
  const args = (name: string) => op(name).inboundNodes[0]!.args.map((a) => (a !== null && typeof a === 'object' && 'history' in a ? `<${(a as { history: { layer: { name: string } } }).history.layer.name}>` : a));
  expect(args('tf.math.subtract')).toEqual([1, '<tf.math.reduce_sum>']);
  expect(args('tf.math.multiply')).toEqual(['<tf.__operators__.add>', 2]);
  expect(args('tf.__operators__.getitem_1')).toEqual(['<input_2>', [{ kind: 'ellipsis' }, { kind: 'slice', start: null, stop: null, step: -1 }]]);
  expect(op('tf.concat').inboundNodes[0]!.inputTensors.map((t) => t.history.layer.name)).toEqual(['tf.__operators__.getitem', 'tf.__operators__.getitem']);
  expect([op('tf.concat').getConfig(), op('tf.reshape').getConfig(), op('tf.transpose').getConfig(), op('tf.compat.v1.squeeze').getConfig()]).toEqual([
    { name: 'tf.concat', axis: -1 }, { name: 'tf.reshape', newshape: [-1, 18] }, { name: 'tf.transpose', axes: [0, 2, 1] }, { name: 'tf.compat.v1.squeeze', axis: [1] },
  ]);
});

test('an unmapped TF function is named in the error', async () => {
  const config = JSON.parse(readFileSync(new URL('tf-op-lambda.json', dir), 'utf8'));
  config.config.layers[2].config.function = 'signal.fft';
  const bytes = new TextEncoder().encode(JSON.stringify(config));
  await expect(importModel(bytes, { fileName: 'fft.json' })).rejects.toThrow(/Unsupported TF function 'tf.signal.fft' in TFOpLambda layer 'tf.__operators__.add'/);
});
