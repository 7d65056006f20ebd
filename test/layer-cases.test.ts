// Table-driven layer tests: each row of fixtures/layer-cases.json is built here and by real Keras
// (fixtures/layer-cases.keras.json); output shapes, dtypes, weights and parameter counts must agree,
// and a row Keras rejects must raise a KerasBridgeError here too.
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, test } from 'vitest';
import { BUILTIN_LAYERS, Input, KerasBridgeError, clearSession, layers, type DType, type Shape } from 'kerasbridge';

interface LayerSpec {
  className: string;
  args?: unknown[];
  /** A value written as a `LayerSpec` is a layer, built first (`backward_layer`). */
  kwargs?: Record<string, unknown>;
}
interface LayerCase extends LayerSpec {
  id: string;
  wrap?: LayerSpec;
  inputs: Shape[];
  dtypes?: DType[];
  throws?: boolean;
}
interface KerasResult {
  outputs?: { shape: Shape; dtype: string }[];
  params?: number;
  weights?: { shape: number[]; dtype: string; trainable: boolean }[];
  error?: string;
}

const readJson = (path: string) => JSON.parse(readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8'));
const cases = readJson('layer-cases.json') as LayerCase[];
const keras = readJson('layer-cases.keras.json').results as Record<string, KerasResult>;

type Factory = (...args: unknown[]) => (inputs: unknown) => unknown;
const factories = layers as unknown as Record<string, Factory & { definition?: { className: string } }>;

const isLayerSpec = (value: unknown): value is LayerSpec =>
  typeof value === 'object' && value !== null && 'className' in value;

function makeLayer({ className, args = [], kwargs }: LayerSpec, leading: unknown[] = []): ReturnType<Factory> {
  const factory = factories[className];
  if (!factory) throw new Error(`no factory for ${className}`);
  const options = kwargs && Object.fromEntries(Object.entries(kwargs).map(([k, v]) => [k, isLayerSpec(v) ? makeLayer(v) : v]));
  return factory(...leading, ...args, ...(options ? [options] : []));
}

describe.each(cases)('$className: $id', (row) => {
  const expected = keras[row.id]!;
  beforeEach(() => clearSession());

  test(row.throws ? 'is rejected, as Keras rejects it' : 'output specs, weights and params equal Keras', () => {
    const build = () => {
      const inputs = row.inputs.map((s, i) => Input({ batch_shape: s, dtype: row.dtypes?.[i] ?? 'float32' }));
      const layer = makeLayer(row, row.wrap ? [makeLayer(row.wrap)] : []) as unknown as ((x: unknown) => unknown) & {
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
