// Keras 3 functional configs with operations among their layers (fixtures/models/op-nodes, written by
// fixtures/generate.py): in every format, the import has Keras' layers, its operations in Keras' order
// with their configs and full calls, and Keras' summary table.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { OperationLayer, type Functional, type Layer, type LayerOutput } from 'kerasbridge';
import { importModel, type LoadOptions } from '../src/importers/load.js';
import { summaryRows } from './helpers/keras-report.js';

interface ConfigOnly {
  name: string;
  className: string;
  module: string;
  config: Record<string, unknown>;
  inboundNodes: { args: unknown[]; kwargs: Record<string, unknown> }[];
}
interface Reference {
  layers: { name: string; className: string; params: number }[];
  configOnly: ConfigOnly[];
  outputs: { shape: (number | null)[]; dtype: string }[];
  params: { total: number };
  summary: string[];
}

const dir = new URL('../fixtures/models/op-nodes/', import.meta.url);
const reference = JSON.parse(readFileSync(new URL('reference.json', dir), 'utf8')) as Reference;
const file = (name: string) => new URL(name, dir).pathname;

const FORMATS: [string, string, LoadOptions][] = [
  ['model.keras', file('model.keras'), {}],
  ['model.h5 (no module on op entries)', file('model.h5'), {}],
  ['config.json + model.weights.h5', file('config.json'), { weights: file('model.weights.h5') }],
  ['config.json + legacy-weights.h5', file('config.json'), { weights: file('legacy-weights.h5') }],
];

/** A call argument in a comparable form: Keras' serialized tensors and slices, our tensors and slices. */
function plainArg(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plainArg);
  if (value === null || typeof value !== 'object') return value;
  const v = value as Record<string, unknown> & { history?: { layer: Layer<LayerOutput>; nodeIndex: number; tensorIndex: number } };
  if (v.history) return [v.history.layer.name, v.history.nodeIndex, v.history.tensorIndex];
  if (v.class_name === '__keras_tensor__') return (v.config as { keras_history: unknown }).keras_history;
  if (v.class_name === '__slice__') return { kind: 'slice', ...(v.config as object) };
  return value;
}

function expectOperationsMatch(model: Functional) {
  expect(model.layers.map((l) => [l.name, l.className, l.countParams()])).toEqual(reference.layers.map((l) => [l.name, l.className, l.params]));
  const rows = summaryRows(reference.summary.join('\n'));
  const kerasOrder = rows.filter((r) => r.length === 4 && r[0] !== 'Layer (type)').map((r) => r[0]);
  expect(model.operations.map((op) => `${op.name} (${op.className})`)).toEqual(kerasOrder);
  for (const entry of reference.configOnly) {
    const op = model.operations.find((o) => o.name === entry.name);
    expect(op, entry.name).toBeInstanceOf(OperationLayer);
    const operation = op as OperationLayer;
    expect([operation.className, operation.module, operation.getConfig()]).toEqual([entry.className, entry.module, entry.config]);
    expect(operation.inboundNodes.map((n) => plainArg(n.args))).toEqual(entry.inboundNodes.map((n) => plainArg(n.args)));
  }
  expect(model.outputs.map((t) => [t.shape, t.dtype])).toEqual(reference.outputs.map((o) => [o.shape, o.dtype]));
  expect(model.countParams()).toBe(reference.params.total);
}

describe.each(FORMATS)('op-nodes from %s', (_name, source, options) => {
  test('has Keras layers, operations, calls and summary', async () => {
    const { model } = await importModel(source, options);
    expectOperationsMatch(model);
    expect(summaryRows(model.summary({ printFn: () => {} }))).toEqual(summaryRows(reference.summary.join('\n')));
    expect(model.weights.every((w) => w.value !== undefined)).toBe(true);
  });
});

test('the imported model replays its operations on inputs of another batch size', async () => {
  const { model } = await importModel(file('model.keras'));
  expect(model.computeOutputSpecs([{ shape: [5, 4], dtype: 'float32' }, { shape: [5, 4], dtype: 'float32' }])).toEqual([{ shape: [5, 3], dtype: 'float32' }]);
});
