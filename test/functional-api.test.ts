// Node semantics, error cases and the builder API's spelling (issue #2). Keras' numbers for the seed
// examples are checked in seed-examples.test.ts; here the properties the guide states are asserted.
import { beforeEach, describe, expect, test } from 'vitest';
import { Input, KerasBridgeError, Model, Sequential, clearSession, layers } from 'kerasbridge';

beforeEach(() => clearSession());

function expectError(run: () => unknown, code: string, message: RegExp) {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(KerasBridgeError);
  expect((caught as KerasBridgeError).code).toBe(code);
  expect((caught as KerasBridgeError).message).toMatch(message);
}

describe('layer nodes', () => {
  test('a layer called once has a well-defined input, output and shapes', () => {
    const a = Input({ shape: [280, 256] });
    const lstm = layers.LSTM(32);
    const encoded = lstm(a);
    expect(lstm.output).toBe(encoded);
    expect(lstm.input).toBe(a);
    expect(lstm.inputShape).toEqual([null, 280, 256]);
    expect(lstm.outputShape).toEqual([null, 32]);
    expect(encoded.history).toMatchObject({ layer: lstm, nodeIndex: 0, tensorIndex: 0 });
  });

  test('a shared layer has one node per call; `output` is ill-defined and names getOutputAt', () => {
    const a = Input({ shape: [280, 256] });
    const b = Input({ shape: [280, 256] });
    const lstm = layers.LSTM(32);
    const encodedA = lstm(a);
    const encodedB = lstm(b);
    expect(lstm.inboundNodes).toHaveLength(2);
    expect(lstm.getOutputAt(0)).toBe(encodedA);
    expect(lstm.getOutputAt(1)).toBe(encodedB);
    expect(lstm.getInputAt(1)).toBe(b);
    expect(encodedB.history.nodeIndex).toBe(1);
    expectError(() => lstm.output, 'ILL_DEFINED_ATTRIBUTE', /Layer lstm has multiple inbound nodes.*getOutputAt\(nodeIndex\)/);
    expectError(() => lstm.input, 'ILL_DEFINED_ATTRIBUTE', /getInputAt\(nodeIndex\)/);
    // Same shapes at every node: the shape accessors stay well defined, as the guide says.
    expect(lstm.inputShape).toEqual([null, 280, 256]);
    expect(lstm.weights).toHaveLength(3);
    expect(lstm.countParams()).toBe(4 * (256 * 32 + 32 * 32 + 32));
  });

  test('different input shapes make inputShape ill-defined; getInputShapeAt gives each', () => {
    const conv = layers.Conv2D(16, [3, 3], { padding: 'same' });
    conv(Input({ shape: [32, 32, 3] }));
    expect(conv.inputShape).toEqual([null, 32, 32, 3]);
    conv(Input({ shape: [64, 64, 3] }));
    expectError(() => conv.inputShape, 'ILL_DEFINED_ATTRIBUTE', /different input shapes.*getInputShapeAt\(nodeIndex\)/);
    expectError(() => conv.outputShape, 'ILL_DEFINED_ATTRIBUTE', /getOutputShapeAt/);
    expect(conv.getInputShapeAt(0)).toEqual([null, 32, 32, 3]);
    expect(conv.getInputShapeAt(1)).toEqual([null, 64, 64, 3]);
    expect(conv.getOutputShapeAt(1)).toEqual([null, 64, 64, 16]);
  });

  test('node indices out of range are clear errors', () => {
    const dense = layers.Dense(4);
    expectError(() => dense.output, 'NODE_INDEX_OUT_OF_RANGE', /has only 0 inbound nodes; call it on a tensor first/);
    dense(Input({ shape: [3] }));
    expectError(() => dense.getOutputAt(1), 'NODE_INDEX_OUT_OF_RANGE', /node 1 of layer "dense".*only 1 inbound node \(valid indices: 0 to 0\)/);
    expectError(() => dense.getInputShapeAt(-1), 'NODE_INDEX_OUT_OF_RANGE', /node -1/);
    expectError(() => layers.Dense(2).inputShape, 'ILL_DEFINED_ATTRIBUTE', /never been called/);
  });

  test('a model called on a new tensor gets a node on the outer graph and shares its weights', () => {
    const inputs = Input({ shape: [784] });
    const dense = layers.Dense(10);
    const model = Model(inputs, dense(inputs));
    const y = model(Input({ shape: [784] }));
    expect(y.history.layer).toBe(model);
    expect(model.inboundNodes).toHaveLength(1);
    // The inner layer keeps its single node: calling the model does not call its layers again.
    expect(dense.inboundNodes).toHaveLength(1);
    const outer = Model(y.history.layer.inboundNodes[0]!.inputTensors[0]!, y);
    expect(outer.countParams()).toBe(model.countParams());
    expect(outer.weights[0]).toBe(dense.weights[0]);
    expect(model.input).toBe(inputs);
  });

  test('a model over intermediate tensors of another graph reuses their layers', () => {
    const question = Input({ shape: [100], dtype: 'int32' });
    const encoded = layers.LSTM(8)(layers.Embedding(50, 4)(question));
    const big = Model([question], layers.Dense(2)(encoded));
    const encoder = Model({ inputs: question, outputs: encoded });
    expect(encoder.layers.map((l) => l.className)).toEqual(['InputLayer', 'Embedding', 'LSTM']);
    const reused = encoder(Input({ shape: [100], dtype: 'int32' }));
    expect(reused.shape).toEqual([null, 8]);
    expect(big.countParams() - encoder.countParams()).toBe(8 * 2 + 2);
  });
});

describe('errors at call and build time', () => {
  test('incompatible merge shapes fail at call time', () => {
    expectError(
      () => layers.concatenate([Input({ shape: [3, 4] }), Input({ shape: [5, 6] })]),
      'INCOMPATIBLE_SHAPES',
      /Concatenate.*matching shapes except for the concatenation axis.*\(None, 3, 4\), \(None, 5, 6\)/,
    );
    expectError(() => layers.add([Input({ shape: [3, 4] }), Input({ shape: [5, 6] })]), 'INCOMPATIBLE_SHAPES', /Layer "add" \(Add\): Inputs have incompatible shapes/);
  });

  test('a built layer refuses inputs its weights do not fit', () => {
    const dense = layers.Dense(4);
    dense(Input({ shape: [3] }));
    expectError(() => dense(Input({ shape: [5] })), 'INCOMPATIBLE_SHAPES', /layer "dense".*kernel has shape \(3, 4\).*needs \(5, 4\)/);
  });

  test('a model refuses inputs of another shape', () => {
    const x = Input({ shape: [4] });
    const model = Model(x, layers.Dense(2)(x));
    expectError(() => model(Input({ shape: [5] })), 'INCOMPATIBLE_SHAPES', /expected shape=\(None, 4\), found shape=\(None, 5\)/);
    expectError(() => model([Input({ shape: [4] }), Input({ shape: [4] })]), 'INVALID_ARGUMENT', /expects 1 input\(s\) but it was called on 2/);
  });

  test('duplicate layer names are an error', () => {
    const x = Input({ shape: [3] });
    const y = layers.Dense(2, { name: 'x' })(layers.Dense(2, { name: 'x' })(x));
    expectError(() => Model(x, y), 'DUPLICATE_NAME', /The name "x" is used 2 times/);
    const seq = Sequential([layers.Dense(2, { name: 'd', input_shape: [3] })]);
    expectError(() => seq.add(layers.Dense(2, { name: 'd' })), 'DUPLICATE_NAME', /Name 'd' is already the name of a layer/);
  });

  test('a graph whose outputs need an input that was not declared is disconnected', () => {
    const a = Input({ shape: [3] });
    const b = Input({ shape: [3] });
    const merged = layers.add([a, b]);
    expectError(() => Model(a, merged), 'GRAPH_DISCONNECTED', /cannot find parent for tensor.*at layer 'add'/);
  });

  test('bad options name the option and the layer class', () => {
    expectError(() => layers.Dense(4, { activaton: 'relu' } as never), 'INVALID_ARGUMENT', /Unrecognized option 'activaton' passed to Dense\(\)/);
    expectError(() => layers.Dense(4, { activation: 'rleu' } as never), 'INVALID_ARGUMENT', /Unknown activation 'rleu'/);
    expectError(() => layers.Dense({} as never), 'INVALID_ARGUMENT', /Dense\(\) is missing the required argument 'units'/);
    expectError(() => layers.Conv2D(4, [3, 3, 3]), 'INVALID_ARGUMENT', /kernel_size.*tuple of 2/);
    expectError(() => layers.Dense(4, 5 as never), 'INVALID_ARGUMENT', /at most 1 positional argument/);
  });
});

describe('compile', () => {
  function twoOutputModel() {
    const main = Input({ shape: [4], name: 'main_input' });
    const aux = layers.Dense(1, { name: 'aux_output' })(main);
    const out = layers.Dense(1, { name: 'main_output' })(main);
    return Model({ inputs: main, outputs: [out, aux] });
  }

  test('compile arguments are kept as data, lists or keyed by output name', () => {
    const model = twoOutputModel();
    model.compile({ optimizer: 'rmsprop', loss: 'binary_crossentropy', loss_weights: [1.0, 0.2] });
    expect(model.compileConfig).toEqual({ optimizer: 'rmsprop', loss: 'binary_crossentropy', loss_weights: [1.0, 0.2], metrics: null, weighted_metrics: null });
    model.compile({
      optimizer: 'rmsprop',
      loss: { main_output: 'binary_crossentropy', aux_output: 'mse' },
      loss_weights: { main_output: 1.0, aux_output: 0.2 },
      metrics: { main_output: ['accuracy'] },
    });
    expect(model.compileConfig?.loss_weights).toEqual({ main_output: 1.0, aux_output: 0.2 });
    expect(model.outputNames).toEqual(['main_output', 'aux_output']);
  });

  test('an unknown output name is a clear error listing the outputs', () => {
    const model = twoOutputModel();
    expectError(
      () => model.compile({ loss: { main_output: 'mse', aux_ouput: 'mse' } }),
      'UNKNOWN_OUTPUT_NAME',
      /Unknown output name 'aux_ouput' in `loss`.*'main_output', 'aux_output'/,
    );
    expectError(() => model.compile({ loss_weights: [1] }), 'INVALID_ARGUMENT', /list of 1 but the model has 2 output/);
    expectError(() => model.compile({ loss_weight: { main_output: 1 } } as never), 'INVALID_ARGUMENT', /unexpected argument 'loss_weight'/);
  });
});

describe('the builder API spelling', () => {
  test('Sequential in array form and with add(), with input_shape on the first layer', () => {
    const a = Sequential([layers.Dense(32, { input_shape: [784] }), layers.Activation('relu'), layers.Dense(10)]);
    expect(a.countParams()).toBe(784 * 32 + 32 + 32 * 10 + 10);
    expect(a.layers.map((l) => l.name)).toEqual(['dense', 'activation', 'dense_1']);
    expect(a.outputs[0]!.shape).toEqual([null, 10]);
    const b = Sequential();
    b.add(Input({ shape: [5] }));
    b.add(layers.Dense(3));
    expect(b.outputs[0]!.shape).toEqual([null, 3]);
  });

  test('a Sequential without an input shape is built by its first call', () => {
    const seq = Sequential([layers.Dense(3)]);
    expect(seq.built).toBe(false);
    const y = seq(Input({ shape: [5] }));
    expect(y.shape).toEqual([null, 3]);
    expect(seq.countParams()).toBe(18);
  });

  test('layers and models are callable objects that carry their properties', () => {
    const dense = layers.Dense(64, { activation: 'relu', use_bias: false });
    expect(typeof dense).toBe('function');
    expect(dense.name).toBe('dense');
    expect(dense.className).toBe('Dense');
    expect(dense.config).toMatchObject({ units: 64, activation: 'relu', use_bias: false, kernel_initializer: 'glorot_uniform' });
    const x = dense(Input({ shape: [8] }));
    expect(x.shape).toEqual([null, 64]);
    expect(x.dtype).toBe('float32');
    expect(dense.weights.map((w) => w.path)).toEqual(['dense/kernel']);
  });

  test('a frozen layer stays frozen inside TimeDistributed; a frozen model freezes all', () => {
    const inner = layers.Dense(3, { trainable: false });
    const wrapped = layers.TimeDistributed(inner);
    wrapped(Input({ shape: [4, 2] }));
    expect(wrapped.trainableWeights).toEqual([]);
    expect(wrapped.nonTrainableWeights).toHaveLength(2);
    const x = Input({ shape: [2] });
    const model = Model({ inputs: x, outputs: layers.Dense(2)(x), trainable: false });
    expect([model.trainableWeights.length, model.nonTrainableWeights.length]).toEqual([0, 2]);
  });

  test('recurrent layers with return_state return their states', () => {
    const [output, h, c] = layers.LSTM(8, { return_state: true, return_sequences: true })(Input({ shape: [5, 3] }));
    expect([output!.shape, h!.shape, c!.shape]).toEqual([[null, 5, 8], [null, 8], [null, 8]]);
  });

  test('auto names count per class, and clearSession starts them again', () => {
    expect([layers.Dense(1).name, layers.Dense(1).name, layers.MaxPooling2D().name]).toEqual(['dense', 'dense_1', 'max_pooling2d']);
    clearSession();
    expect(layers.Dense(1).name).toBe('dense');
  });
});
