// Keras masks and RNN initial states, as real Keras saved and ran them (fixtures/onnx-mask/, `generate.py
// onnx-mask`): rows masked at the end, at the start, in the middle, not at all and entirely, through RNNs
// of every kind and direction, Bidirectional, stacks, merges, TimeDistributed, pooling and attention; and
// the Keras 2 Masking -> LSTM file of ../shared/fixtures-wild. Each model exported with toOnnx at several
// opsets and run by onnxruntime-node must give every output of Keras' predict() within 1e-4 + 1e-3·|keras|.
// Keras 3 files record the masks Keras attached as `mask` arguments, computed by operations of their own
// (NotEqual and Any; ZerosLike and OnesLike for Concatenate; ConvertToTensor for Attention); each model is
// also exported without them, its masks then derived by the layers' mask rules, as for a model built in
// TypeScript or read from a Keras 2 file.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Functional, Input, Model, layers, ops, toOnnx } from 'kerasbridge';
import { decodeModel } from '../src/exporters/onnx/onnx-schema.js';
import { importModel } from '../src/importers/load.js';
import { checkerTest, expectKerasOutput, predict, recordedModels } from './helpers/keras-outputs.js';

const folder = new URL('../fixtures/onnx-mask/', import.meta.url);
const exports = new URL('../.cache/onnx-masking/', import.meta.url);
const models = recordedModels(folder);
const OPSETS = [13, 18, 21];
/** Every opset with the file's own masks, and opset 18 with the masks the layer definitions derive. */
const VARIANTS = [...OPSETS.map((opset) => ({ opset, rules: false })), { opset: 18, rules: true }];
const maxErrors = new Map<string, number>();

const opTypes = (bytes: Uint8Array) => decodeModel(bytes).graph.node.map((n) => n.op_type);

const modelOf = async (file: string): Promise<Functional> => (await importModel(new URL(file, folder).pathname)).model;

/** The model with the `mask` arguments of its calls removed, nested models' included. */
function withoutRecordedMasks(model: Functional): Functional {
  for (const layer of model.layers) {
    for (const node of layer.inboundNodes) delete node.kwargs.mask;
    if (layer instanceof Functional) withoutRecordedMasks(layer);
  }
  return model;
}

/** Weights for a model built here, whose values do not matter to what is written. */
function filled(model: Functional): Functional {
  for (const w of model.weights) w.value = new Float32Array(w.size).fill(0.1);
  return model;
}

rmSync(exports, { recursive: true, force: true });
mkdirSync(exports, { recursive: true });

describe.each(Object.entries(models))('%s', (name, { file, input, output }) => {
  const byVariant = new Map<(typeof VARIANTS)[number], ort.Tensor[]>();
  beforeAll(async () => {
    for (const variant of VARIANTS) {
      const model = await modelOf(file);
      const bytes = toOnnx(variant.rules ? withoutRecordedMasks(model) : model, { opset: variant.opset });
      writeFileSync(new URL(`${name}.opset${variant.opset}${variant.rules ? '.rules' : ''}.onnx`, exports), bytes);
      byVariant.set(variant, await predict(bytes, input));
    }
  }, 60_000);

  test.each(output.map((expected, i) => [expected.name, i] as const))('%s', (label, i) => {
    for (const variant of VARIANTS) {
      const where = `opset ${variant.opset}${variant.rules ? ', masks by the layers\' rules' : ''}`;
      const error = expectKerasOutput(byVariant.get(variant)![i]!, output[i]!, where);
      maxErrors.set(`${name} ${label}`, Math.max(maxErrors.get(`${name} ${label}`) ?? 0, error));
    }
  });
});

describe('what is written', () => {
  const sequence = () => Input({ shape: [6, 3], name: 'seq' });

  test('a model without masks gets no mask nodes, nor one whose mask reaches no layer that reads it', () => {
    const x = sequence();
    const plain = toOnnx(filled(Model(x, layers.LSTM(3)(x))));
    const ids = Input({ shape: [6], dtype: 'int32' });
    const unread = toOnnx(filled(Model(ids, layers.Dense(2)(layers.Embedding(10, 4, { mask_zero: true })(ids)))));
    for (const bytes of [plain, unread]) {
      expect(opTypes(bytes).filter((op) => ['CumSum', 'ScatterElements', 'Not', 'Equal'].includes(op))).toEqual([]);
    }
  });

  test('a mask read by two layers is written once', () => {
    const x = sequence();
    const masked = layers.Masking()(x);
    const bytes = toOnnx(filled(Model(x, [layers.LSTM(3)(masked), layers.GRU(3)(masked)])));
    // One Equal for Masking's values, one for the mask the two layers share.
    expect(opTypes(bytes).filter((op) => op === 'Equal')).toHaveLength(2);
  });

  test('a layer that reads a mask its lowering does not apply is refused, by name', () => {
    const x = Input({ shape: [6, 6] });
    const model = Model(x, layers.Softmax({ name: 'softmax_masked' })(layers.Masking()(x)));
    expect(() => toOnnx(model)).toThrow(/'softmax_masked' \(Softmax, 1 call\): it receives a Keras mask .* which Keras applies here and its ONNX lowering does not/);
  });

  test('a mask given as a call argument is the mask the call applies, as Keras 3 files record it', async () => {
    const x = sequence();
    const mask = Input({ shape: [6], dtype: 'bool', name: 'mask' });
    const lstm = layers.LSTM(3, { return_sequences: true });
    const model = filled(Model([x, mask], [lstm(layers.Masking()(x)), lstm(x, { mask })]));
    const values = Float32Array.from({ length: 2 * 6 * 3 }, (_, i) => (i % 7 === 0 || i >= 27 ? 0 : Math.sin(i)));
    const kept = Uint8Array.from({ length: 12 }, (_, step) => Number(values.slice(3 * step, 3 * step + 3).some((v) => v !== 0)));
    const session = await ort.InferenceSession.create(toOnnx(model));
    const results = await session.run({ [session.inputNames[0]!]: new ort.Tensor('float32', values, [2, 6, 3]), mask: new ort.Tensor('bool', kept, [2, 6]) });
    const [fromMasking, fromArgument] = session.outputNames.map((name) => results[name]!.data as Float32Array);
    expect(kept).toContain(0);
    expect(fromArgument).toEqual(fromMasking);
  });

  test('a mask together with initial_state is refused', () => {
    const x = sequence();
    const [mask, h] = [Input({ shape: [6], dtype: 'bool' }), Input({ shape: [3] })];
    const model = Model([x, mask, h], layers.GRU(3, { name: 'gru_mask_and_state' })(x, { mask, initial_state: [h] }));
    expect(() => toOnnx(model)).toThrow(/'gru_mask_and_state' \(GRU, 1 call\): a mask together with initial_state is not lowered yet/);
  });

  test('states after a masked sequence in the inputs are refused with the mask, which Keras 2 applies there', () => {
    const [x, h] = [sequence(), Input({ shape: [3] })];
    const model = Model([x, h], layers.GRU(3, { name: 'gru_states_listed' })([layers.Masking()(x), h]));
    expect(() => toOnnx(model)).toThrow(/'gru_states_listed' \(GRU, 1 call\): a mask together with initial_state is not lowered yet/);
  });

  test('Keras 2 merges of masked inputs are refused rather than guessed', () => {
    const [a, b] = [sequence(), Input({ shape: [6, 3] })];
    const model = Model([a, b], layers.LSTM(3)(layers.Add({ name: 'add_masks' })([layers.Masking()(a), layers.Masking()(b)])));
    model.savedBy = { format: 'keras-h5', kerasVersion: '2.2.4', kerasMajor: 2 };
    expect(() => toOnnx(model)).toThrow(/'add_masks' \(Add, 1 call\): Keras 2 combined the masks of merged inputs by its own rules/);
  });

  test('TimeDistributed passing a mask on to an output of another rank is refused', () => {
    const x = Input({ shape: [3, 4, 2] });
    const model = Model(x, layers.TimeDistributed(layers.LSTM(2), { name: 'td_lstm' })(layers.Masking()(x)));
    expect(() => toOnnx(model)).toThrow(/'td_lstm' \(TimeDistributed, 1 call\): a Keras mask passed on to an output of another rank is not lowered/);
  });

  test('initial_state must hold each direction\'s states', () => {
    const x = sequence();
    const h = Input({ shape: [3] });
    const model = Model([x, h], layers.LSTM(3, { name: 'lstm_one_state' })(x, { initial_state: [h] }));
    expect(() => toOnnx(model)).toThrow(/'lstm_one_state' \(LSTM, 1 call\): initial_state holds 1 tensor\(s\) where it takes 2, h and c per direction/);
  });

  test('an operation drops the mask, as in Keras', () => {
    const x = sequence();
    const bytes = toOnnx(filled(Model(x, layers.LSTM(3)(ops.multiply(layers.Masking()(x), 2)))));
    expect(opTypes(bytes)).not.toContain('CumSum');
  });
});

test(...checkerTest(exports, Object.keys(models).length * VARIANTS.length), 60_000);

afterAll(() => {
  const rows = [...maxErrors].map(([label, error]) => `  ${label}: ${error.toExponential(1)}`);
  console.info(`max |onnxruntime - Keras| per output over opsets ${OPSETS.join(', ')}, and the masks by the layers' rules:\n${rows.join('\n')}`);
});
