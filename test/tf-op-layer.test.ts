// tf.keras 2.2-2.3 TensorFlowOpLayer entries (raw TF NodeDefs) import as the Keras operations that the
// same TF call maps to; the configs follow TF 2.2's serialisation (node_def + constants by input position).
import { describe, expect, test } from 'vitest';
import { KerasBridgeError } from 'kerasbridge';
import { importModel } from '../src/importers/load.js';

function modelWithOp(nodeDef: Record<string, unknown>, constants: Record<string, unknown>, inputs: string[]) {
  const input = (name: string) => ({ name, class_name: 'InputLayer', config: { batch_input_shape: [null, 3, 4], dtype: 'float32', name }, inbound_nodes: [] });
  const op = { name: 'tf_op_layer_op', class_name: 'TensorFlowOpLayer', config: { name: 'op', trainable: true, dtype: null, node_def: { name: 'op', ...nodeDef }, constants }, inbound_nodes: [inputs.map((n) => [n, 0, 0, {}])] };
  const config = { class_name: 'Model', keras_version: '2.2.4-tf', config: { name: 'm', layers: [input('a'), input('b'), op], input_layers: [['a', 0, 0], ['b', 0, 0]], output_layers: [['tf_op_layer_op', 0, 0]] } };
  return new TextEncoder().encode(JSON.stringify(config));
}

describe('TensorFlowOpLayer', () => {
  test.each([
    ['AddV2 of two tensors', { op: 'AddV2', input: ['a', 'b'] }, {}, ['a', 'b'], 'Add', [null, 3, 4]],
    ['ConcatV2 with a constant axis', { op: 'ConcatV2', input: ['a', 'b', 'op/axis'], attr: { N: { i: 2 } } }, { 2: -1 }, ['a', 'b'], 'Concatenate', [null, 3, 8]],
    ['Sum keeping dims', { op: 'Sum', input: ['a', 'op/reduction_indices'], attr: { keep_dims: { b: true } } }, { 1: [1] }, ['a'], 'Sum', [null, 1, 4]],
    ['Transpose with a constant perm', { op: 'Transpose', input: ['a', 'op/perm'] }, { 1: [0, 2, 1] }, ['a'], 'Transpose', [null, 4, 3]],
    ['Squeeze-free ExpandDims', { op: 'ExpandDims', input: ['a', 'op/dim'] }, { 1: 1 }, ['a'], 'ExpandDims', [null, 1, 3, 4]],
  ])('%s', async (_name, nodeDef, constants, inputs, className, shape) => {
    const { model } = await importModel(modelWithOp(nodeDef, constants, inputs), { fileName: 'tfop.json' });
    const op = model.operations.find((o) => o.name === 'tf_op_layer_op')!;
    expect(op.className).toBe(className);
    expect(model.outputs[0]!.shape).toEqual(shape);
  });

  test('an unmapped raw op is a typed error naming it', async () => {
    const error = await importModel(modelWithOp({ op: 'FFT', input: ['a'] }, {}, ['a']), { fileName: 'tfop.json' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KerasBridgeError);
    expect((error as KerasBridgeError).message).toMatch(/Unsupported raw TF op 'FFT' in TensorFlowOpLayer 'op' in tfop\.json/);
  });
});
