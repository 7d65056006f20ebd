// `importModel(..., { lazyWeights: true })` leaves H5 weights in their file until they are used (what
// `kerasbridge convert` does, so that a model goes from its file to ONNX without being held whole). The
// properties: every value equals an eager import's, older Keras layouts converted on import included;
// the ONNX written is byte for byte the eager one's, and writing it leaves the kernels unread; nothing is
// read after close().
import { readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { toOnnx, type Functional, type KerasBridgeError, type Weight } from 'kerasbridge';
import { importModel, type LoadOptions } from '../src/importers/load.js';
import { WILD, wildManifest } from './importers/fixture-paths.js';

const models = new URL('../fixtures/models/', import.meta.url);
const path = (dir: string, file: string) => new URL(`${dir}/${file}`, models).pathname;

const FORMATS: [string, (dir: string) => [string, LoadOptions]][] = [
  ['model.keras', (dir) => [path(dir, 'model.keras'), {}]],
  ['model.h5', (dir) => [path(dir, 'model.h5'), {}]],
  ['config.json + model.weights.h5', (dir) => [path(dir, 'config.json'), { weights: path(dir, 'model.weights.h5') }]],
  ['config.json + legacy-weights.h5', (dir) => [path(dir, 'config.json'), { weights: path(dir, 'legacy-weights.h5') }]],
];

const weightsOf = (model: Functional): Weight[] => [...new Set(model.layers.flatMap((l) => l.weights))];
const bytesOf = (weight: Weight) => {
  const value = weight.value!;
  return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
};

describe.each(readdirSync(models))('fixture %s', (name) => {
  test.each(FORMATS)('%s: left in the file, written to ONNX as an eager import is, its kernels never read', async (_format, source) => {
    const [file, options] = source(name);
    const eager = await importModel(file, options);
    const lazy = await importModel(file, { ...options, lazyWeights: true });
    try {
      const weights = weightsOf(lazy.model);
      // Every fixture weight is float32 or an integer type, which stay in the file.
      expect(weights.filter((w) => w.fileSource === undefined).map((w) => w.path)).toEqual([]);
      expect(toOnnx(lazy.model)).toEqual(toOnnx(eager.model));
      // Exporting read only what a lowering computes with (normalization statistics, recurrent kernels whose gates are reordered).
      const kernels = weights.filter((w) => w.name === 'kernel' && /conv|dense/i.test(w.path) && !/rnn|lstm|gru/i.test(w.path));
      expect(kernels.filter((w) => w.fileSource === undefined).map((w) => w.path)).toEqual([]);
      expect(weights.map(bytesOf)).toEqual(weightsOf(eager.model).map(bytesOf));
    } finally {
      lazy.close();
      eager.close();
    }
  });
});

test('after close(), a weight still in the file is refused with the file named, and an export stops with it', async () => {
  const file = path('cnn', 'model.h5');
  const imported = await importModel(file, { lazyWeights: true });
  imported.close();
  const kernel = weightsOf(imported.model).find((w) => w.name === 'kernel')!;
  const closed = expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/model\.h5' is closed; open it again to read/) });
  expect(() => toOnnx(imported.model)).toThrow(closed);
  expect(() => kernel.value).toThrow(closed);
});

test('a failed import closes what it opened', async () => {
  // The config's layers do not match these weights: the import fails after opening the weights file.
  const imported = importModel(path('cnn', 'config.json'), { weights: path('mlp-sequential', 'model.weights.h5'), lazyWeights: true });
  await expect(imported).rejects.toMatchObject({ code: 'WEIGHTS_MISMATCH' });
});

// H5 files by Keras 1 and 2, some with arrays converted on import (Theano kernels flipped, per-gate LSTM/GRU
// arrays joined, ...): a converted array is read at import, the others are left in the file, and all equal an
// eager import's.
const wildModels = wildManifest()
  .filter((row) => row.local_path!.endsWith('.h5') && /^[12]\./.test(row.keras_version!))
  .map((row) => row.local_path!);

test.each(wildModels)('wild %s: the same values lazily as eagerly', { timeout: 60_000 }, async (relPath) => {
  const file = WILD + relPath;
  const eager = await importModel(file).catch((error: unknown) => error as Error);
  const lazy = await importModel(file, { lazyWeights: true }).catch((error: unknown) => error as Error);
  // Weights-only files and refused layers (wild-files.test.ts) are refused alike.
  if (eager instanceof Error) return expect(lazy).toMatchObject({ code: (eager as KerasBridgeError).code, message: eager.message });
  if (lazy instanceof Error) throw lazy;
  try {
    expect(weightsOf(lazy.model).map(bytesOf)).toEqual(weightsOf(eager.model).map(bytesOf));
  } finally {
    lazy.close();
  }
});
