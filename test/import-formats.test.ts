// Every fixture model, in every format Keras 3 (or TF.js) wrote it, imports with Keras' own layer
// list, parameter counts, connectivity and bit-identical weights (fixtures/models/*/reference.json,
// fixtures/tfjs/*/reference.json, written by fixtures/generate.py and fixtures/generate-tfjs.mjs).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { Functional, Layer, LayerOutput, Weight } from 'kerasbridge';
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

test('every fixture folder has its reference', () => {
  for (const name of kerasModels) expect(existsSync(new URL(`models/${name}/reference.json`, root)), name).toBe(true);
});
