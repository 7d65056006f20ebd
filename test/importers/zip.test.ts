import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { openKerasArchive, type KerasArchive } from '../../src/importers/zip.js';
import { READERS, expected } from './fixture-paths.js';

const sources: [string, () => Promise<KerasArchive>][] = [
  ['a .keras path', () => openKerasArchive(`${READERS}tiny.keras`)],
  ['.keras bytes', () => openKerasArchive(new Uint8Array(readFileSync(`${READERS}tiny.keras`)), { fileName: 'tiny.keras' })],
  ['a save(zipped=False) directory', () => openKerasArchive(`${READERS}tiny_dir`)],
];

describe.each(sources)('a Keras 3 model from %s', (_, open) => {
  test('lists config.json, metadata.json and model.weights.h5', async () => {
    const archive = await open();
    expect(archive.entries.map((e) => e.name).sort()).toEqual(expected.keras.dir_entries.filter((name) => name.includes('.')));
    const weights = await archive.read('model.weights.h5');
    expect(archive.entries.find((e) => e.name === 'model.weights.h5')?.size).toBe(weights.length);
  });

  test('config.json parses, bare Infinity included; metadata.json names the Keras version', async () => {
    const archive = await open();
    const config = (await archive.config()) as { class_name: string; config: { layers: { class_name: string; config: { max_value?: number } }[] } };
    expect(config.class_name).toBe('Functional');
    expect(config.config.layers.find((l) => l.class_name === 'ReLU')?.config.max_value).toBe(Infinity);
    expect(await archive.metadata()).toMatchObject({ keras_version: '3.15.1' });
  });

  test('openWeights() opens model.weights.h5', async () => {
    const weights = await (await open()).openWeights();
    try {
      expect(weights.fileName).toMatch(/model\.weights\.h5$/);
      expect(weights.keys('layers')).toEqual(['dense', 'dense_1', 'input_layer', 're_lu']);
      expect(weights.attr('layers/dense/vars', 'name')).toBe('fc');
    } finally {
      weights.close();
    }
  });

  test('reading an entry it lacks is a CORRUPT_FILE error', async () => {
    const archive = await open();
    await expect(archive.read('assets/vocabulary.txt')).rejects.toMatchObject({
      code: 'CORRUPT_FILE',
      message: expect.stringMatching(/has no entry 'assets\/vocabulary.txt'/),
    });
  });
});
