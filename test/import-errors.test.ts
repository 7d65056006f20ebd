// Bad input to the importers: each row a file or config that must fail with a typed error that names
// the file, the layer and what is wrong; never a crash, a hang or a half-built model.
import { readFileSync } from 'node:fs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { describe, expect, test } from 'vitest';
import { KerasBridgeError, layerFactory } from 'kerasbridge';
import { importModel, type LoadOptions } from '../src/importers/load.js';

const fixture = (path: string) => new URL(`../fixtures/${path}`, import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'kerasbridge-bad-'));
const bytesOf = (text: string) => new TextEncoder().encode(text);

/** A Keras 3 functional config of Input -> Dense, with whatever the row changes in it. */
function functionalConfig(edit: (layers: Record<string, unknown>[]) => void = () => {}): Uint8Array {
  const config = JSON.parse(readFileSync(fixture('models/nested-functional/config.json'), 'utf8'));
  edit(config.config.layers);
  return bytesOf(JSON.stringify(config));
}
const ref = (layer: string, node = 0) => ({ class_name: '__keras_tensor__', config: { shape: [null, 4], dtype: 'float32', keras_history: [layer, node, 0] } });

function writeScratch(name: string, bytes: Uint8Array): string {
  const path = join(scratch, name);
  writeFileSync(path, bytes);
  return path;
}

interface Row {
  name: string;
  source: () => string | Uint8Array;
  options?: LoadOptions;
  code: string;
  message: RegExp;
}

const rows: Row[] = [
  { name: 'missing file', source: () => join(scratch, 'nope.h5'), code: 'FILE_NOT_FOUND', message: /Cannot read '.*nope\.h5'.*Check the path/ },
  { name: 'random bytes', source: () => new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]), options: { fileName: 'junk.bin' }, code: 'UNSUPPORTED_FORMAT', message: /junk\.bin/ },
  {
    name: 'truncated legacy H5',
    source: () => writeScratch('truncated.h5', new Uint8Array(readFileSync(fixture('models/cnn/model.h5'))).subarray(0, 5000)),
    code: 'CORRUPT_FILE',
    message: /truncated\.h5/,
  },
  {
    name: 'weights-only H5 given as a model',
    source: () => fixture('models/cnn/legacy-weights.h5'),
    code: 'UNSUPPORTED_FORMAT',
    message: /legacy-weights\.h5' holds keras-h5-weights: weights without a model.*\{ weights:/,
  },
  {
    name: 'Lambda layer',
    source: () => functionalConfig((layers) => Object.assign(layers[2]!, { class_name: 'Lambda', config: { name: 'lam', function: { class_name: '__lambda__', config: { code: '4wEAAAAA' } } } })),
    options: { fileName: 'lambda.json' },
    code: 'UNSAFE_CONTENT',
    message: /layer 'lam' \(class 'Lambda'\) in lambda\.json: a Lambda layer stores Python bytecode, which kerasbridge never runs/,
  },
  {
    name: 'unknown layer class',
    source: () => functionalConfig((layers) => Object.assign(layers[2]!, { class_name: 'my_pkg>Scale', module: null })),
    options: { fileName: 'custom.json' },
    code: 'UNKNOWN_LAYER_CLASS',
    message: /Unknown layer class 'Scale' for layer '.*' .* in custom\.json.*customLayers/,
  },
  {
    name: 'a node referring to a layer that does not exist',
    source: () => functionalConfig((layers) => ((layers[2]!.inbound_nodes as unknown[]) = [{ args: [ref('ghost')], kwargs: {} }])),
    options: { fileName: 'dangling.json' },
    code: 'CORRUPT_FILE',
    message: /refers to layer 'ghost', which the model config does not define \(in dangling\.json\)/,
  },
  {
    name: 'a node referring to a call that never happens',
    source: () => functionalConfig((layers) => ((layers[4]!.inbound_nodes as unknown[]) = [{ args: [ref('merged', 7)], kwargs: {} }])),
    options: { fileName: 'dangling-node.json' },
    code: 'CORRUPT_FILE',
    message: /calls of layer\(s\) 'head' never get all their inputs.*dangling-node\.json/,
  },
  {
    name: 'a cycle',
    source: () =>
      functionalConfig((layers) => {
        const [a, b] = [layers[2]!, layers[3]!];
        (a.inbound_nodes as unknown[]) = [{ args: [ref(String(b.name))], kwargs: {} }];
        (b.inbound_nodes as unknown[]) = [{ args: [ref(String(a.name))], kwargs: {} }];
      }),
    options: { fileName: 'cycle.json' },
    code: 'CORRUPT_FILE',
    message: /has a cycle or refers to nodes that do not exist/,
  },
  {
    name: 'a layer option that its inputs cannot take',
    source: () => functionalConfig((layers) => Object.assign(layers[3]!.config as object, { axis: 5 })),
    options: { fileName: 'bad-axis.json' },
    code: 'INCOMPATIBLE_SHAPES',
    message: /merged.*axis.*\(in bad-axis\.json\)/,
  },
  {
    name: 'weights of another model',
    source: () => fixture('models/mlp-sequential/config.json'),
    options: { weights: fixture('models/cnn/model.weights.h5') },
    code: 'WEIGHTS_MISMATCH',
    message: /layer '.*' \(Dense\).*The weights file does not belong to this model config/,
  },
  {
    name: 'a weight of the wrong shape',
    source: () => {
      const config = readFileSync(fixture('models/mlp-sequential/config.json'), 'utf8').replace('"units": 16', '"units": 17');
      return bytesOf(config);
    },
    options: { fileName: 'reshaped.json', weights: fixture('models/mlp-sequential/legacy-weights.h5') },
    code: 'WEIGHTS_MISMATCH',
    message: /Weight 0 of layer 'hidden_1' \(Dense\) in .*legacy-weights\.h5 has shape \(10, 16\) in the file, but the layer's kernel needs \(10, 17\)/,
  },
  {
    name: 'a .keras zip with an entry escaping the archive',
    source: () => zipSync({ 'config.json': readFileSync(fixture('models/cnn/config.json')), '../evil.sh': strToU8('rm -rf /') }),
    options: { fileName: 'evil.keras' },
    code: 'UNSAFE_CONTENT',
    message: /evil\.keras.*\.\.\/evil\.sh/,
  },
  {
    name: 'a TF.js model whose shard is missing',
    source: () => new Uint8Array(readFileSync(fixture('tfjs/lstm/model.json'))),
    options: { fileName: 'model.json' },
    code: 'FILE_NOT_FOUND',
    message: /model\.json needs the weight shard 'group1-shard1of1\.bin'/,
  },
  {
    name: 'a TF.js model whose shard is truncated',
    source: () => new Uint8Array(readFileSync(fixture('tfjs/lstm/model.json'))),
    options: { fileName: 'model.json', files: { 'group1-shard1of1.bin': new Uint8Array(16) } },
    code: 'CORRUPT_FILE',
    message: /Weight '.*' of model\.json needs bytes .* but its shards hold 16/,
  },
];

describe.each(rows)('bad input: $name', (row) => {
  test(`fails with ${row.code}`, async () => {
    const error = await importModel(row.source(), row.options).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(KerasBridgeError);
    expect((error as KerasBridgeError).code).toBe(row.code);
    expect((error as KerasBridgeError).message).toMatch(row.message);
  });
});

test('a custom layer class imports once its definition is given', async () => {
  const Scale = layerFactory<{ factor: number }, []>({
    className: 'Scale',
    defaults: { factor: 1 },
    positional: [],
    outputSpecs: (_c, inputs) => [inputs[0]!],
  });
  // The Dropout of a Sequential model replaced by a registered custom class, as Keras 3 writes one in H5 configs.
  const config = JSON.parse(readFileSync(fixture('models/mlp-sequential/config.json'), 'utf8'));
  const layers = config.config.layers as { class_name: string; config: Record<string, unknown> }[];
  layers[layers.findIndex((l) => l.class_name === 'Dropout')] = { class_name: 'my_pkg>Scale', config: { name: 'scale', factor: 3 } };
  const source = bytesOf(JSON.stringify(config));
  const { model } = await importModel(source, { fileName: 'custom.json', customLayers: [Scale.definition as never] });
  const scale = model.layers.find((l) => l.className === 'Scale') as unknown as { config: { factor: number } };
  expect(scale.config.factor).toBe(3);
});
