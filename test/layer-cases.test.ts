// Table-driven layer tests: each row of fixtures/layer-cases.json is built here and by real Keras
// (fixtures/layer-cases.keras.json); output shapes, dtypes, weights and parameter counts must agree,
// and a row Keras rejects must raise a KerasBridgeError here too.
import { beforeEach, describe, expect, test } from 'vitest';
import { BUILTIN_LAYERS, KerasBridgeError, clearSession, type Shape } from 'kerasbridge';
import { buildLayerCase, factories, layerCases as cases, readFixtureJson } from './helpers/layer-cases.js';

interface KerasResult {
  outputs?: { shape: Shape; dtype: string }[];
  params?: number;
  weights?: { shape: number[]; dtype: string; trainable: boolean }[];
  error?: string;
}

const keras = readFixtureJson('layer-cases.keras.json').results as Record<string, KerasResult>;

describe.each(cases)('$className: $id', (row) => {
  const expected = keras[row.id]!;
  beforeEach(() => clearSession());

  test(row.throws ? 'is rejected, as Keras rejects it' : 'output specs, weights and params equal Keras', () => {
    const build = () => {
      const built = buildLayerCase(row);
      const inputs = built.inputs;
      const layer = built.layer as unknown as ((x: unknown) => unknown) & {
        countParams(): number;
        weights: { shape: readonly number[]; dtype: string; trainable: boolean }[];
      };
      const out = layer(inputs.length > 1 ? inputs : inputs[0]);
      return { layer, outputs: (Array.isArray(out) ? out : [out]) as { shape: Shape; dtype: string }[] };
    };
    if (row.throws) {
      expect(expected.error, 'Keras raises for this row too').toBeDefined();
      expect(build).toThrow(KerasBridgeError);
      return;
    }
    expect(expected.error).toBeUndefined();
    const { layer, outputs } = build();
    expect(outputs.map((t) => ({ shape: t.shape, dtype: t.dtype }))).toEqual(expected.outputs);
    expect(layer.countParams()).toBe(expected.params);
    expect(layer.weights.map((w) => ({ shape: [...w.shape], dtype: w.dtype, trainable: w.trainable }))).toEqual(expected.weights);
  });
});

describe('layer registry', () => {
  const exported = Object.values(factories).filter((f) => typeof f === 'function' && f.definition);

  test('every exported layer factory is registered in BUILTIN_LAYERS', () => {
    const registered = new Set(BUILTIN_LAYERS.map((d) => d.className));
    for (const factory of exported) expect(registered, factory.definition!.className).toContain(factory.definition!.className);
    expect(registered.size).toBe(BUILTIN_LAYERS.length);
  });

  // Keras 3 dropped these classes, so no row can be checked against it; tf.keras files that use them
  // are imported in test/wild-files.test.ts, whose weights pin their shapes.
  const KERAS2_ONLY = new Set(['LocallyConnected1D', 'LocallyConnected2D']);
  // Defined in keras/src/applications/convnext.py, not keras.layers, so the rows' generator cannot build it; test/layer-scale.test.ts checks it against Keras.
  const NOT_IN_KERAS_LAYERS = new Set(['LayerScale']);

  test('every registered layer class has rows checked against Keras', () => {
    const covered = new Set([...cases.map((c) => c.className), ...KERAS2_ONLY, ...NOT_IN_KERAS_LAYERS]);
    const missing = BUILTIN_LAYERS.map((d) => d.className).filter((c) => !covered.has(c));
    expect(missing).toEqual([]);
  });
});
