// Every fixture model, in every format Keras 3 (or TF.js) wrote it, imports with Keras' own layer
// list, parameter counts, connectivity and bit-identical weights (fixtures/models/*/reference.json,
// fixtures/tfjs/*/reference.json, written by fixtures/generate.py and fixtures/generate-tfjs.mjs).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { Input, KerasBridgeError, layers, type Functional, type Layer, type LayerOutput, type Weight } from 'kerasbridge';
import { readNodeData, refsOf, type TensorRef } from '../src/importers/config/node-data.js';
import { importModel, type LoadOptions } from '../src/importers/load.js';

interface ReferenceLayer {
  name: string;
  className: string;
  params: number;
  inboundNodes: unknown[] | null;
  weights: string[];
}
interface Reference {
  className: string;
  modelName: string;
  params: { total: number; trainable: number; nonTrainable: number };
  inputs: { name: string; shape: (number | null)[]; dtype: string }[];
  outputs: { name: string; shape: (number | null)[]; dtype: string }[];
  layers: ReferenceLayer[];
  weights: { path?: string; name?: string; sha256: string }[];
  compiled?: boolean;
}

const root = new URL('../fixtures/', import.meta.url);
const readReference = (dir: string) => JSON.parse(readFileSync(new URL(`${dir}/reference.json`, root), 'utf8')) as Reference;
const path = (dir: string, file: string) => new URL(`${dir}/${file}`, root).pathname;

function sha256(weight: Weight): string {
  const value = weight.value!;
  return createHash('sha256').update(new Uint8Array(value.buffer, value.byteOffset, value.byteLength)).digest('hex');
}

const refKey = (r: TensorRef) => `${r.layer}[${r.nodeIndex}][${r.tensorIndex}]`;

function ourConnections(layer: Layer<LayerOutput>): string[][] {
  return layer.inboundNodes
    .filter((n) => !n.isInput)
    .map((n) => n.dependencies.map((t) => `${t.history.layer.name}[${t.history.nodeIndex}][${t.history.tensorIndex}]`));
}

function expectModelMatches(model: Functional, reference: Reference) {
  expect(model.name).toBe(reference.modelName);
  expect(model.layers.map((l) => [l.name, l.className])).toEqual(reference.layers.map((l) => [l.name, l.className]));
  expect(model.layers.map((l) => l.countParams())).toEqual(reference.layers.map((l) => l.params));
  const trainable = model.trainableWeights.reduce((s, w) => s + w.size, 0);
  expect([model.countParams(), trainable]).toEqual([reference.params.total, reference.params.trainable]);
  expect(model.inputs.map((t) => [t.history.layer.name, t.shape, t.dtype])).toEqual(reference.inputs.map((t) => [t.name, t.shape, t.dtype]));
  expect(model.outputs.map((t) => [t.shape, t.dtype])).toEqual(reference.outputs.map((t) => [t.shape, t.dtype]));
  const hashes = new Map(reference.weights.map((w) => [w.path ?? w.name!, w.sha256]));
  model.layers.forEach((layer, i) => {
    const expected = reference.layers[i]!;
    expect(layer.weights.map(sha256), `weights of ${layer.name}`).toEqual(expected.weights.map((p) => hashes.get(p)));
    if (expected.inboundNodes && expected.inboundNodes.length > 0) {
      const theirs = expected.inboundNodes.map((node) => refsOf(readNodeData(node as never, expected.name)).map(refKey));
      expect(ourConnections(layer), `inbound nodes of ${layer.name}`).toEqual(theirs);
    }
  });
}

const kerasModels = readdirSync(new URL('models/', root));
const FORMATS: [string, (dir: string) => [string, LoadOptions]][] = [
  ['model.keras', (dir) => [path(dir, 'model.keras'), {}]],
  ['model.h5', (dir) => [path(dir, 'model.h5'), {}]],
  ['config.json + model.weights.h5', (dir) => [path(dir, 'config.json'), { weights: path(dir, 'model.weights.h5') }]],
  ['config.json + legacy-weights.h5', (dir) => [path(dir, 'config.json'), { weights: path(dir, 'legacy-weights.h5') }]],
];

describe.each(kerasModels)('Keras 3 fixture %s', (name) => {
  const reference = readReference(`models/${name}`);
  test.each(FORMATS)('%s imports as Keras reports it', async (_format, source) => {
    const [file, options] = source(`models/${name}`);
    const { model, warnings } = await importModel(file, options);
    expectModelMatches(model, reference);
    expect(model.savedBy?.kerasMajor).toBe(3);
    // A full-model file carries the compile arguments; a config plus weights does not.
    const carriesCompile = reference.compiled === true && !file.endsWith('config.json');
    expect([model.compileConfig !== undefined, warnings]).toEqual([carriesCompile, []]);
  });

  test('bytes and path give the same model', async () => {
    const bytes = new Uint8Array(readFileSync(path(`models/${name}`, 'model.keras')));
    const { model, format, kerasVersion } = await importModel(bytes, { fileName: 'model.keras' });
    expect([format, kerasVersion]).toEqual(['keras-zip', '3.15.1']);
    expectModelMatches(model, reference);
  });
});

describe.each(readdirSync(new URL('tfjs/', root)))('TF.js fixture %s', (name) => {
  const reference = readReference(`tfjs/${name}`);
  test('model.json + shards import as TF.js reports them', async () => {
    const { model, format } = await importModel(path(`tfjs/${name}`, 'model.json'));
    expect(format).toBe('tfjs-layers');
    // TF.js follows Keras 2's conventions (its hard_sigmoid is Keras 2's formula).
    expect(model.savedBy).toEqual({ format: 'tfjs-layers', kerasVersion: expect.stringMatching(/^tfjs-layers/), kerasMajor: 2 });
    expect(model.name).toBe(reference.modelName);
    const ours = model.layers.filter((l) => l.className !== 'InputLayer' || reference.layers.some((r) => r.name === l.name));
    expect(ours.map((l) => [l.name, l.className, l.countParams()])).toEqual(reference.layers.map((l) => [l.name, l.className, l.params]));
    expect(model.countParams()).toBe(reference.params.total);
    const hashes = new Map(reference.weights.map((w) => [w.name!, w.sha256]));
    for (const [i, layer] of ours.entries()) expect(layer.weights.map(sha256)).toEqual(reference.layers[i]!.weights.map((w) => hashes.get(w)));
  });

  test('in a browser-like call, shards come from { files }', async () => {
    const dir = new URL(`tfjs/${name}/`, root);
    const files = Object.fromEntries(readdirSync(dir).filter((f) => f.endsWith('.bin')).map((f) => [f, new Uint8Array(readFileSync(new URL(f, dir)))]));
    const bytes = new Uint8Array(readFileSync(new URL('model.json', dir)));
    const { model } = await importModel(bytes, { fileName: 'model.json', files });
    expect(model.countParams()).toBe(reference.params.total);
    expect(model.weights.every((w) => w.value !== undefined)).toBe(true);
  });
});

describe('RNN nodes whose inputs hold the initial states after the sequence (Keras 2, TF.js)', () => {
  const dir = new URL('tfjs/rnn-initial-state/', root);
  const files = { 'group1-shard1of1.bin': new Uint8Array(readFileSync(new URL('group1-shard1of1.bin', dir))) };

  /** The fixture's model.json with the inbound tensors of `layer`'s call changed by `edit`. */
  function edited(layer: string, edit: (inbound: unknown[]) => void): Uint8Array {
    const json = JSON.parse(readFileSync(new URL('model.json', dir), 'utf8'));
    edit(json.modelTopology.config.layers.find((l: { name: string }) => l.name === layer).inbound_nodes[0]);
    return new TextEncoder().encode(JSON.stringify(json));
  }

  test.each([
    ['one state where an LSTM takes h and c', 'lstm_init', (n: unknown[]) => n.pop(),
      /Layer "lstm_init" \(LSTM\): an initial_state was passed that is not compatible with the cell's states: received \(None, 4\) after the sequence, where LSTM takes 2 \(h and c\), each of shape \(None, 4\)/],
    ['a state that is not (batch, units)', 'gru_init', (n: unknown[]) => n.splice(1, 1, ['seq', 0, 0, {}]),
      /Layer "gru_init" \(GRU\): an initial_state was passed that is not compatible with the cell's states: received \(None, 5, 3\) after the sequence/],
    ['an odd number for Bidirectional', 'bi_lstm_init', (n: unknown[]) => n.pop(),
      /Layer "bi_lstm_init" \(Bidirectional\): received 3 initial state\(s\) after the sequence\. When passing initial_state to a Bidirectional RNN/],
    ["a wrong count in one direction's half", 'bi_lstm_init', (n: unknown[]) => n.splice(1, 2),
      /Layer "bi_lstm_init" \(Bidirectional\): an initial_state was passed that is not compatible with the cell's states: received \(None, 4\) after the sequence \(the forward layer's half\), where LSTM takes 2/],
  ])('%s is refused, naming the layer', async (_what, layer, edit, message) => {
    const error = await importModel(edited(layer, edit), { fileName: 'model.json', files }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KerasBridgeError);
    expect((error as KerasBridgeError).code).toBe('INCOMPATIBLE_SHAPES');
    expect((error as Error).message).toMatch(message);
  });

  test('states given both after the sequence and as initial_state are refused, as Keras 2 and TF.js refuse them', () => {
    const [x, h, c] = [Input({ shape: [5, 3] }), Input({ shape: [4] }), Input({ shape: [4] })];
    expect(() => layers.LSTM(4, { name: 'lstm_both' })([x, h, c], { initial_state: [h, c] })).toThrow(
      /Layer "lstm_both" \(LSTM\): received initial states both as inputs after the sequence and as initial_state\. Pass them one way/,
    );
  });
});

test('every fixture folder has its reference', () => {
  for (const name of kerasModels) expect(existsSync(new URL(`models/${name}/reference.json`, root)), name).toBe(true);
});
