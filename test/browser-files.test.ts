// importFiles (the browser entry's way in): which of the files a user picks is the model, told by content,
// and what is said when the set cannot be a model. Run in Node on the fixture files.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { importFiles } from '../src/browser/model-files.js';

const picked = (path: string, name = path.slice(path.lastIndexOf('/') + 1)) => {
  const bytes = readFileSync(new URL(`../fixtures/${path}`, import.meta.url));
  return { name, arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer };
};
const reference = (dir: string) => JSON.parse(readFileSync(new URL(`../fixtures/${dir}/reference.json`, import.meta.url), 'utf8')) as { params: { total: number } };

describe('the model among the picked files', () => {
  test.each([
    ['one .h5 file', ['models/cnn/model.h5'], 'model.h5', 'keras-h5', 'models/cnn'],
    ['one .keras file', ['models/cnn/model.keras'], 'model.keras', 'keras-zip', 'models/cnn'],
    ['a TF.js model.json with its shard, shard first', ['tfjs/lstm/group1-shard1of1.bin', 'tfjs/lstm/model.json'], 'model.json', 'tfjs-layers', 'tfjs/lstm'],
    ['a JSON config with its Keras 3 weights', ['models/merge/config.json', 'models/merge/model.weights.h5'], 'config.json', 'keras-json', 'models/merge'],
    ['a JSON config with its legacy weights', ['models/merge/legacy-weights.h5', 'models/merge/config.json'], 'config.json', 'keras-json', 'models/merge'],
  ])('%s', async (_what, paths, fileName, format, dir) => {
    const imported = await importFiles(paths.map((p) => picked(p)));
    expect([imported.fileName, imported.format, imported.warnings]).toEqual([fileName, format, []]);
    expect(imported.model.countParams()).toBe(reference(dir).params.total);
    expect(imported.model.weights.every((w) => w.value !== undefined)).toBe(true);
  });

  test('a file beside the model is named as not used', async () => {
    const imported = await importFiles([picked('models/cnn/model.h5'), picked('models/cnn/reference.json', 'notes.bin')]);
    expect([imported.fileName, imported.warnings]).toEqual(['model.h5', ["Not used: 'notes.bin' (the model is in 'model.h5')."]]);
  });
});

describe('sets that are no model say what to pick', () => {
  test.each([
    ['nothing', [], /^No file was given\. Pick a Keras file/],
    ['two models', ['models/cnn/model.h5', 'models/mlp-sequential/model.keras'], /^Cannot tell which of 'model\.h5', 'model\.keras' is the model\. Give one \.h5 or \.keras file/],
    ['two model.json files', ['tfjs/lstm/model.json', 'models/merge/config.json'], /^Cannot tell which of 'model\.json', 'config\.json' is the model/],
    ['a model.json without its shard', ['tfjs/lstm/model.json'], /^'model\.json' needs its weight shard 'group1-shard1of1\.bin'\. Pick them together with the model\.json\.$/],
    ['a config with two weights files', ['models/merge/config.json', 'models/merge/model.weights.h5', 'models/merge/legacy-weights.h5'], /^'config\.json' is a model config, and several files could be its weights \('model\.weights\.h5', 'legacy-weights\.h5'\)\. Give it one weights file\.$/],
    ['weights alone', ['models/merge/model.weights.h5'], /holds keras3-weights-h5, which is weights only|weights without a model/],
  ])('%s', async (_what, paths, message) => {
    await expect(importFiles(paths.map((p) => picked(p)))).rejects.toThrow(message);
  });
});
