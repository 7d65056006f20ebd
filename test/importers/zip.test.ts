import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, describe, expect, test } from 'vitest';
import { openKerasArchive, type KerasArchive } from '../../src/importers/zip.js';
import { READERS, expected } from './fixture-paths.js';

const scratch = mkdtempSync(join(tmpdir(), 'kerasbridge-zip-'));
afterAll(() => rmSync(scratch, { recursive: true }));
/** tiny.keras with every entry deflated (Keras stores them uncompressed). */
const deflatedKeras = join(scratch, 'deflated.keras');
writeFileSync(deflatedKeras, zipSync(unzipSync(readFileSync(`${READERS}tiny.keras`)), { level: 9 }));

const sources: [string, () => Promise<KerasArchive>][] = [
  ['a .keras path', () => openKerasArchive(`${READERS}tiny.keras`)],
  ['a .keras path whose entries are deflated', () => openKerasArchive(deflatedKeras)],
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

/** Our scratch files in the OS temp directory (openH5's `kerasbridge-<random>-<n>.h5`). */
const scratchFiles = () => readdirSync(tmpdir()).filter((name) => /^kerasbridge-\w+-\d+\.h5$/.test(name));

test('a .keras path opens its stored model.weights.h5 where it lies in the zip; a deflated one is inflated to a scratch file, removed on close', async () => {
  const before = scratchFiles();
  const inPlace = await (await openKerasArchive(`${READERS}tiny.keras`)).openWeights();
  expect(scratchFiles()).toEqual(before);
  const copied = await (await openKerasArchive(deflatedKeras)).openWeights();
  expect(scratchFiles()).toHaveLength(before.length + 1);
  try {
    for (const path of ['layers/dense/vars/0', 'layers/dense/vars/1', 'layers/dense_1/vars/0']) {
      expect(inPlace.datasetInfo(path)).toEqual(copied.datasetInfo(path));
      expect(inPlace.dataset(path).data).toEqual(copied.dataset(path).data);
    }
    // What libhdf5 sees is the entry alone: its size, not the zip's.
    expect(inPlace.fileSize).toBe(copied.fileSize);
  } finally {
    inPlace.close();
    copied.close();
  }
  expect(scratchFiles()).toEqual(before);
});
