// The acceptance test of the functional API: every example of the Keras guide, written in TypeScript
// (examples/), must report the shapes, dtypes, parameter counts, nodes and summaries that real Keras
// reported for the same Python code (fixtures/seed/*.json, written by fixtures/generate.py).
import { beforeEach, describe, expect, test } from 'vitest';
import { clearSession, type Functional, type Layer, type LayerOutput } from 'kerasbridge';
import { SEED_EXAMPLES } from '../examples/index.js';
import {
  distinctNodeShapes,
  readSeedFixture,
  reportLayer,
  reportModel,
  summaryRows,
  type LayerReport,
} from './helpers/keras-report.js';

const MODEL_CLASSES = new Set(['Functional', 'Sequential']);

function expectLayerMatches(ours: Layer<LayerOutput>, keras: LayerReport) {
  const report = reportLayer(ours);
  if (!MODEL_CLASSES.has(keras.className)) expect(report.name).toBe(keras.name);
  expect(report.className).toBe(keras.className);
  expect(report.params, `params of ${keras.name}`).toBe(keras.params);
  expect(report.trainableParams, `trainable params of ${keras.name}`).toBe(keras.trainableParams);
  expect(report.weights.map((w) => [w.shape, w.trainable])).toEqual(keras.weights.map((w) => [w.shape, w.trainable]));
  if (keras.inSequential) expect(distinctNodeShapes(report.nodes)).toEqual(distinctNodeShapes(keras.nodes));
  else expect(report.nodes, `nodes of ${keras.name}`).toEqual(keras.nodes);
}

describe.each(Object.entries(SEED_EXAMPLES))('seed example %s', (name, build) => {
  const keras = readSeedFixture(name);
  let built: ReturnType<typeof build>;
  beforeEach(() => {
    clearSession();
    built = build();
  });

  test('tensor shapes and dtypes equal Keras', () => {
    const tensors = built.tensors as Record<string, { shape: unknown; dtype: string }>;
    expect(Object.keys(tensors).sort()).toEqual(Object.keys(keras.tensors).sort());
    for (const [key, expected] of Object.entries(keras.tensors)) {
      expect({ shape: tensors[key]!.shape, dtype: tensors[key]!.dtype }, key).toEqual(expected);
    }
  });

  test('models: parameter counts, inputs, outputs, layers and nodes equal Keras', () => {
    const models = built.models as Record<string, Functional>;
    expect(Object.keys(models).sort()).toEqual(Object.keys(keras.models).filter((k) => k in models).sort());
    for (const [key, model] of Object.entries(models)) {
      const expected = keras.models[key]!;
      const { name: _name, ...ours } = reportModel(model);
      const { name: _kname, layers: kerasLayers, summary: _summary, ...theirs } = expected;
      expect(ours, key).toEqual(theirs);
      expect(model.layers.map((l) => l.className)).toEqual(kerasLayers.map((l) => l.className));
      model.layers.forEach((layer, i) => expectLayerMatches(layer, kerasLayers[i]!));
    }
  });

  test('standalone layers: parameters and nodes equal Keras', () => {
    const layers = built.layers as Record<string, Layer<LayerOutput>>;
    expect(Object.keys(layers).sort()).toEqual(Object.keys(keras.layers).sort());
    for (const [key, layer] of Object.entries(layers)) expectLayerMatches(layer, keras.layers[key]!);
  });

  test('summary() prints the table Keras prints', () => {
    const summaries: Record<string, string> = {
      ...Object.fromEntries(Object.entries(built.models as Record<string, Functional>).map(([k, m]) => [k, m.summary({ printFn: () => {} })])),
      ...('summaries' in built ? built.summaries : {}),
    };
    for (const [key, text] of Object.entries(summaries)) {
      const expected = keras.models[key];
      if (!expected) continue;
      if (/functional_\d/.test(expected.summary)) expect(summaryRows(text), key).toEqual(summaryRows(expected.summary));
      else expect(text.split('\n').slice(1), key).toEqual(expected.summary.split('\n').slice(1));
    }
  });

  test('node identities hold as in Keras', () => {
    const checks = ('checks' in built ? built.checks : {}) as Record<string, boolean>;
    expect(checks).toEqual(keras.checks);
  });
});
