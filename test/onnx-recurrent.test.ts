// SimpleRNN, LSTM, GRU, Bidirectional and TimeDistributed under many option combinations, as real
// Keras saved and ran them (fixtures/onnx-rnn/, `generate.py onnx-rnn`): each model exported with
// toOnnx at several opsets and run by onnxruntime-node must give every output of Keras' predict()
// within 1e-4 + 1e-3·|keras|.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Input, Model, layerFactory, layers, toOnnx } from 'kerasbridge';
import { decodeModel } from '../src/exporters/onnx/onnx-schema.js';
import { importModel } from '../src/importers/load.js';
import { checkerTest, expectKerasOutput, predict, recordedModels } from './helpers/keras-outputs.js';

const folder = new URL('../fixtures/onnx-rnn/', import.meta.url);
const exports = new URL('../.cache/onnx-recurrent/', import.meta.url);
const models = recordedModels(folder);
const OPSETS = [13, 18, 21];
const maxErrors = new Map<string, number>();

rmSync(exports, { recursive: true, force: true });
mkdirSync(exports, { recursive: true });

describe.each(Object.entries(models))('%s', (name, { file, input, output }) => {
  const byOpset = new Map<number, ort.Tensor[]>();
  beforeAll(async () => {
    const { model } = await importModel(new URL(file, folder).pathname);
    for (const opset of OPSETS) {
      const bytes = toOnnx(model, { opset });
      writeFileSync(new URL(`${name}.opset${opset}.onnx`, exports), bytes);
      byOpset.set(opset, await predict(bytes, input));
    }
  }, 60_000);

  test.each(output.map((expected, i) => [expected.name, i] as const))('%s', (label, i) => {
    for (const opset of OPSETS) {
      const error = expectKerasOutput(byOpset.get(opset)![i]!, output[i]!, `opset ${opset}`);
      maxErrors.set(label, Math.max(maxErrors.get(label) ?? 0, error));
    }
  });
});

describe('how the layers are written', () => {
  test('a Bidirectional copy of one layer is one op; directions with different biases are two', async () => {
    const { model } = await importModel(new URL('bidirectional.keras', folder).pathname);
    const ops = decodeModel(toOnnx(model)).graph.node.filter((n) => ['LSTM', 'GRU', 'RNN'].includes(n.op_type));
    const directions = ops.map((n) => new TextDecoder().decode(n.attribute.find((a) => a.name === 'direction')!.s));
    expect(directions.filter((d) => d === 'bidirectional')).toHaveLength(7);
    expect(directions.filter((d) => d !== 'bidirectional').sort()).toEqual(['forward', 'forward', 'reverse', 'reverse']);
  });

  test('an activation the ONNX recurrent ops lack is named before anything is written', () => {
    const x = Input({ shape: [5, 3] });
    expect(() => toOnnx(Model(x, layers.LSTM(3, { activation: 'gelu', name: 'lstm_gelu' })(x)))).toThrow(
      `'lstm_gelu' (LSTM, 1 call): activation "gelu" is not among the ONNX LSTM activation functions`,
    );
  });

  test('a layer inside TimeDistributed that has no lowering is named', () => {
    const Unlowered = layerFactory<Record<never, never>, []>({ className: 'Unlowered', defaults: {}, positional: [], outputSpecs: (_c, [x]) => [x!] });
    const x = Input({ shape: [4, 3] });
    const model = Model(x, layers.TimeDistributed(Unlowered({ name: 'inner' }), { name: 'td' })(x));
    expect(() => toOnnx(model)).toThrow(`Layer 'inner' (Unlowered) inside 'td' cannot be lowered: it has no ONNX lowering.`);
  });
});

test(...checkerTest(exports, Object.keys(models).length * OPSETS.length), 60_000);

afterAll(() => {
  const rows = [...maxErrors].map(([label, error]) => `  ${label}: ${error.toExponential(1)}`);
  console.info(`max |onnxruntime - Keras| per output over opsets ${OPSETS.join(', ')}:\n${rows.join('\n')}`);
});
