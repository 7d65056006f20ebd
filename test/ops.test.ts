// Table-driven operation tests: each row of fixtures/ops-cases.json is applied here and by real Keras'
// operation class (fixtures/ops-cases.keras.json); output shapes, dtypes, module and config must agree,
// and a row Keras rejects must raise a KerasBridgeError here too.
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, test } from 'vitest';
import {
  ELLIPSIS, Input, KerasBridgeError, Model, OP_DEFINITIONS, OperationLayer, clearSession, createOpRegistry, layers, ops, slice,
  type DType, type OpArg, type Shape, type SymbolicTensor,
} from 'kerasbridge';

interface OpCase {
  id: string;
  className: string;
  config?: Record<string, unknown>;
  args: unknown[];
  inputs: Shape[];
  dtypes?: DType[];
  throws?: boolean;
  xfail?: string;
}
interface KerasResult {
  outputs?: { shape: Shape; dtype: string }[];
  module?: string;
  config?: Record<string, unknown>;
  error?: string;
}

const readJson = (path: string) => JSON.parse(readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8'));
const cases = readJson('ops-cases.json') as OpCase[];
const keras = readJson('ops-cases.keras.json').results as Record<string, KerasResult>;
const registry = createOpRegistry();

/** The row encoding: `{input: i}` a tensor, `{slice: [start, stop, step]}` a slice, `"..."` the ellipsis. */
function opArg(value: unknown, inputs: SymbolicTensor[]): OpArg {
  if (Array.isArray(value)) return value.map((v) => opArg(v, inputs));
  if (value === '...') return ELLIPSIS;
  if (value !== null && typeof value === 'object') {
    const spec = value as { input?: number; slice?: [number | null, number | null, number | null] };
    return spec.slice ? slice(...spec.slice) : inputs[spec.input!]!;
  }
  return value as OpArg;
}

function apply(row: OpCase): { op: OperationLayer<object>; outputs: SymbolicTensor[] } {
  const inputs = row.inputs.map((s, i) => Input({ batch_shape: s, dtype: row.dtypes?.[i] ?? 'float32' }));
  const op = OperationLayer.create(registry.get(row.className)!, row.config ?? {});
  const out = op.callWith(row.args.map((a) => opArg(a, inputs)));
  return { op, outputs: Array.isArray(out) ? out : [out] };
}

describe.each(cases)('$className: $id', (row) => {
  const expected = keras[row.id]!;
  beforeEach(() => clearSession());

  const run = row.xfail ? test.fails : test;
  run(row.throws ? 'is rejected, as Keras rejects it' : 'output specs, module and config equal Keras', () => {
    if (row.throws) {
      expect(expected.error, 'Keras raises for this row too').toBeDefined();
      expect(() => apply(row)).toThrow(KerasBridgeError);
      return;
    }
    expect(expected.error).toBeUndefined();
    const { op, outputs } = apply(row);
    expect(outputs.map((t) => ({ shape: t.shape, dtype: t.dtype }))).toEqual(expected.outputs);
    expect(op.module).toBe(expected.module);
    expect(op.getConfig()).toEqual(expected.config);
  });
});

describe('operation registry', () => {
  const builders = Object.values(ops).filter((f): f is typeof ops.add => typeof f === 'function' && 'definition' in f);

  test('every builder function is registered in OP_DEFINITIONS, each class once', () => {
    const registered = new Set<unknown>(OP_DEFINITIONS);
    for (const fn of builders) expect(registered.has(fn.definition), fn.definition.className).toBe(true);
    expect(registry.size).toBe(OP_DEFINITIONS.length);
  });

  test('every registered operation has a builder function and rows checked against Keras', () => {
    const built = new Set(builders.map((f) => f.definition.className));
    const covered = new Set(cases.map((c) => c.className));
    expect(OP_DEFINITIONS.map((d) => d.className).filter((c) => !built.has(c) || !covered.has(c))).toEqual([]);
  });
});

describe('builder spelling', () => {
  beforeEach(() => clearSession());

  test('ops functions name their nodes as Keras does and take options after the arguments', () => {
    const a = Input({ shape: [4] });
    const b = Input({ shape: [4] });
    const s = ops.add(a, b);
    const z = ops.concatenate([s, ops.multiply(b, 2.5)], { axis: -1 });
    const t = ops.getItem(z, [slice(), slice(1)]);
    const total = ops.sum(t, { axis: 1, keepdims: true, name: 'total' });
    expect([s, z, t, total].map((x) => [x.history.layer.name, x.shape])).toEqual([
      ['add', [null, 4]], ['concatenate', [null, 8]], ['get_item', [null, 7]], ['total', [null, 1]],
    ]);
    expect(() => ops.reshape(a)).toThrow(/missing newshape/);
    expect(() => ops.sum(a, { axes: 1 } as never)).toThrow(/unknown option\(s\) axes/);
  });

  test('a model with operations keeps them out of its layers and replays them on new inputs', () => {
    const x = Input({ shape: [3, 4], name: 'x' });
    const h = layers.Dense(5, { name: 'h' })(x);
    const y = ops.softmax(ops.transpose(ops.add(h, 1), { axes: [0, 2, 1] }), { axis: 1 });
    const model = Model(x, y);
    expect(model.layers.map((l) => l.name)).toEqual(['x', 'h']);
    expect(model.operations.map((l) => l.className)).toEqual(['InputLayer', 'Dense', 'Add', 'Transpose', 'Softmax']);
    const called = model(Input({ batch_shape: [7, 3, 4] })) as SymbolicTensor;
    expect(called.shape).toEqual([7, 5, 3]);
    expect(model.computeOutputSpecs([{ shape: [2, 3, 4], dtype: 'float32' }])).toEqual([{ shape: [2, 5, 3], dtype: 'float32' }]);
  });

  test('an operation node keeps its full call: tensors and constants in place', () => {
    const x = Input({ shape: [6] });
    const y = ops.multiply(x, 2.5);
    const node = y.history.layer.inboundNodes[0]!;
    expect(node.args).toEqual([x, 2.5]);
    expect(node.inputTensors).toEqual([x]);
  });
});
