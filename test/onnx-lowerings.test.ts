// The exporter's contract apart from numbers (those are in onnx-export.test.ts): every layer class has
// a lowering or a "not yet" entry, errors list every obstacle at once and name the layers, and the
// written graph has Keras' input and output names, a symbolic batch, and each weight stored once.
import { describe, expect, test } from 'vitest';
import { BUILTIN_LAYERS, Input, KerasBridgeError, Model, layerFactory, layers, toOnnx, type Functional, type Lowering } from 'kerasbridge';
import { BUILTIN_LOWERINGS, createLoweringTable } from '../src/exporters/onnx/index.js';
import { decodeModel, type ModelProto } from '../src/exporters/onnx/onnx-schema.js';
import { importModel } from '../src/importers/load.js';

const fixture = async (name: string) => (await importModel(new URL(`../fixtures/models/${name}/model.keras`, import.meta.url).pathname)).model;
const exported = (model: Functional, options?: Parameters<typeof toOnnx>[1]): ModelProto => decodeModel(toOnnx(model, options));
const caught = (run: () => unknown): KerasBridgeError => {
  try {
    run();
  } catch (error) {
    if (error instanceof KerasBridgeError) return error;
    throw error;
  }
  throw new Error('expected a KerasBridgeError');
};

/** A layer class kerasbridge has no lowering for, as a user would define it. */
const Mystery = layerFactory<Record<never, never>, []>({
  className: 'Mystery',
  defaults: {},
  positional: [],
  outputSpecs: (_c, inputs) => [inputs[0]!],
});

/** Sets every weight to `1, 2, 3, ...`, so that equal shapes mean equal contents. */
function fillWeights(model: Functional): Functional {
  for (const w of model.weights) w.value = Float32Array.from({ length: w.size }, (_, i) => i + 1);
  return model;
}

describe('the lowering registry', () => {
  test('every built-in layer class has one entry: a lowering or a "not yet" with its reason', () => {
    const lowered = BUILTIN_LOWERINGS.map((entry) => entry.className).sort();
    expect(lowered).toEqual(BUILTIN_LAYERS.map((definition) => definition.className).sort());
  });

  test('a class listed twice is an error; a given lowering replaces the built-in one', () => {
    const dense = BUILTIN_LOWERINGS.find((entry) => entry.className === 'Dense')!;
    expect(() => createLoweringTable([dense, dense])).toThrow("Layer class 'Dense' has two built-in ONNX lowerings");
    const mine: Lowering = { className: 'Dense', lower: (_g, _call, inputs) => [...inputs] };
    expect(createLoweringTable(undefined, [mine]).get('Dense')).toBe(mine);
  });
});

describe('errors', () => {
  test('every layer that cannot be lowered is named in one error, with its class, calls and reason', () => {
    const x = Input({ shape: [5, 3] });
    const lstm = layers.LSTM(3, { return_sequences: true, name: 'lstm' });
    const y = layers.Dense(3, { activation: 'threshold', name: 'dense' })(Mystery({ name: 'mystery' })(lstm(lstm(x))));
    // A "not yet" entry stands for a class the exporter knows it cannot lower, with the reason it gives.
    const notYet = { className: 'LSTM', notYet: 'pending for this test' };
    const error = caught(() => toOnnx(Model(x, y), { lowerings: [notYet] }));
    expect(error.code).toBe('UNSUPPORTED_LAYER');
    expect(error.layer).toBe('lstm');
    expect(error.message).toMatch(
      /: 3 layers cannot be lowered: 'lstm' \(LSTM, 2 calls\): not lowered yet: pending for this test; 'mystery' \(Mystery, 1 call\): no ONNX lowering is registered for class 'Mystery'; 'dense' \(Dense, 1 call\): activation 'threshold' has no ONNX lowering: Keras cannot call it .*\. Replace these layers, or pass lowerings/,
    );
  });

  test('a lowering that needs a higher opset names the layer and the opset to ask for', () => {
    const x = Input({ shape: [4] });
    const model = Model(x, Mystery({ name: 'mystery' })(x));
    const lowering: Lowering = { className: 'Mystery', minOpset: () => 20, lower: (g, _call, [input]) => [g.op('Gelu', [input!])] };
    const error = caught(() => toOnnx(model, { opset: 19, lowerings: [lowering] }));
    expect([error.code, error.layer]).toEqual(['OPSET_TOO_LOW', 'mystery']);
    expect(error.message).toBe(`Model "${model.name}" cannot be written in ONNX opset 19: 'mystery' (Mystery, 1 call): needs opset 20. Export with { opset: 20 } or higher.`);
    expect(exported(model, { opset: 20, lowerings: [lowering] }).graph.node.map((n) => n.op_type)).toEqual(['Gelu']);
  });

  test('a lowering must return one value per output tensor', () => {
    const x = Input({ shape: [4] });
    const lowering: Lowering = { className: 'Mystery', lower: () => [] };
    expect(() => toOnnx(Model(x, Mystery({ name: 'mystery' })(x)), { lowerings: [lowering] })).toThrow(
      `Layer "mystery" (Mystery): the ONNX lowering of class 'Mystery' returned 0 value(s) for a call with 1 output(s).`,
    );
  });

  test.each([12, 22, 17.5])('opset %s is refused', (opset) => {
    expect(() => toOnnx(Model(Input({ shape: [2] }), Input({ shape: [2] })), { opset })).toThrow(/writes opsets 13 to 21/);
  });

  test.each([0, 1.5])('batch %s is refused', (batch) => {
    const x = Input({ shape: [2] });
    expect(() => toOnnx(Model(x, x), { batch })).toThrow('The batch size must be a positive integer');
  });

  test('a model whose weights were never loaded names the first weight without a value', () => {
    const x = Input({ shape: [4] });
    const error = caught(() => toOnnx(Model(x, layers.Dense(2, { name: 'dense' })(x))));
    expect([error.code, error.layer]).toEqual(['INVALID_ARGUMENT', 'dense']);
    expect(error.message).toMatch(/^Weight 'dense\/kernel' of layer 'dense' has no value, so it cannot be written to ONNX\. Load the model/);
  });
});

describe('the written graph', () => {
  test.each([
    [13, 7],
    [18, 8],
    [21, 10],
  ])('opset %i is written with IR version %i', async (opset, ir) => {
    const model = exported(await fixture('mlp-sequential'), { opset });
    expect([model.ir_version, model.opset_import, model.producer_name]).toEqual([ir, [{ version: opset }], 'kerasbridge']);
    expect(model.metadata_props).toEqual([{ key: 'keras_version', value: '3.15.1' }]);
  });

  test("inputs and outputs carry the Keras input and output layers' names, in Keras' order, with a symbolic batch", async () => {
    const { graph } = exported(await fixture('multi-io'));
    expect(graph.input.map((i) => i.name)).toEqual(['left', 'right', 'meta']);
    expect(graph.output.map((o) => o.name)).toEqual(['main_out', 'aux_out']);
    expect(graph.output[1]!.type.tensor_type).toEqual({ elem_type: 1, shape: { dim: [{ dim_param: 'batch' }, { dim_value: 3 }] } });
  });

  test('{ batch } fixes the batch dimension', async () => {
    const { graph } = exported(await fixture('multi-io'), { batch: 8 });
    expect([...graph.input, ...graph.output].map((io) => io.type.tensor_type.shape.dim[0])).toEqual(Array(5).fill({ dim_value: 8 }));
  });

  test('a shared layer and a model called twice store their weights once; nested calls are inlined under their own scope', async () => {
    const multi = exported(await fixture('multi-io')).graph;
    expect(multi.initializer.map((t) => t.name).filter((n) => n.startsWith('shared/'))).toEqual(['shared/kernel', 'shared/bias']);
    expect(multi.node.filter((n) => n.input.includes('shared/kernel'))).toHaveLength(2);
    const nested = exported(await fixture('nested-functional')).graph;
    expect(nested.initializer.map((t) => t.name)).toEqual(['inner_hidden/kernel', 'inner_hidden/bias', 'inner_out/kernel', 'inner_out/bias', 'head/kernel', 'head/bias']);
    expect(nested.node.map((n) => n.name)).toEqual([
      'inner/inner_hidden/Gemm', 'inner/inner_hidden/Relu', 'inner/inner_out/Gemm',
      'inner_1/inner_hidden/Gemm', 'inner_1/inner_hidden/Relu', 'inner_1/inner_out/Gemm', 'merged/Concat', 'head/Gemm',
    ]);
  });

  test('initializers with equal contents are stored once', () => {
    const x = Input({ shape: [3] });
    const model = fillWeights(Model(x, layers.Dense(3, { name: 'second' })(layers.Dense(3, { name: 'first' })(x))));
    const { graph } = exported(model);
    expect(graph.initializer.map((t) => t.name)).toEqual(['first/kernel', 'first/bias']);
    expect(graph.node.map((n) => n.input)).toEqual([
      ['x', 'first/kernel', 'first/bias'].map((n, i) => (i === 0 ? model.inputNames[0]! : n)),
      ['first/Gemm', 'first/kernel', 'first/bias'],
    ]);
  });

  test('an output that is an input, or another output again, comes through an Identity', () => {
    const x = Input({ shape: [2], name: 'x' });
    const y = layers.Dense(2, { name: 'dense' })(x);
    const { graph } = exported(fillWeights(Model(x, [y, y, x])));
    expect(graph.output.map((o) => o.name)).toEqual(['dense', 'dense_1', 'x_1']);
    expect(graph.node.map((n) => [n.op_type, n.input[0], n.output[0]])).toEqual([
      ['Gemm', 'x', 'dense'],
      ['Identity', 'dense', 'dense_1'],
      ['Identity', 'x', 'x_1'],
    ]);
  });

  test('an op with several outputs names them after the node', () => {
    const x = Input({ shape: [4], name: 'x' });
    const lowering: Lowering = {
      className: 'Mystery',
      lower: (g, _call, [input]) => [g.op('Concat', g.op('Split', [input!, g.int64s([2, 2])], { axis: 1 }, 2).reverse(), { axis: 1 })],
    };
    const { graph } = exported(Model(x, Mystery({ name: 'swap' })(x)), { lowerings: [lowering] });
    expect(graph.node.map((n) => [n.op_type, n.input, n.output])).toEqual([
      ['Split', ['x', 'swap/const'], ['swap/Split:0', 'swap/Split:1']],
      ['Concat', ['swap/Split:1', 'swap/Split:0'], ['swap']],
    ]);
  });

  test('channels-first ops get one plain Transpose before and one after, for a layout pass to cancel', async () => {
    const { graph } = exported(await fixture('cnn'), { optimizeLayout: false });
    const ops = graph.node.map((n) => n.op_type).filter((op) => op !== 'Relu');
    expect(ops.join(' ')).toBe('Transpose Conv Transpose Mul Add Transpose Conv Transpose Transpose Conv Transpose Transpose MaxPool Transpose Reshape Gemm Softmax');
  });
});
