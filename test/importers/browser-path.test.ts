import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, test, vi } from 'vitest';
import { detectFormat } from '../../src/importers/detect.js';
import { openH5 } from '../../src/importers/h5/h5-file.js';
import { openKerasArchive } from '../../src/importers/zip.js';
import { READERS, expected } from './fixture-paths.js';

// Runs the readers as in a browser: h5wasm's ESM build with its in-memory file system (which also runs in Node).
vi.mock('../../src/importers/node-files.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../src/importers/node-files.js')>()),
  isNode: () => false,
}));

const scratchFiles = () => readdirSync(tmpdir()).filter((name) => name.startsWith('kerasbridge-') && name.endsWith('.h5'));

describe('in a browser (no Node file system)', () => {
  test('openH5(bytes) reads from memory and writes nothing to disk', async () => {
    const before = scratchFiles();
    const file = await openH5(new Uint8Array(readFileSync(`${READERS}tiny.h5`)), { fileName: 'tiny.h5' });
    try {
      expect(scratchFiles()).toEqual(before);
      expect(file.readListAttr('model_weights', 'layer_names')).toEqual(['x', 'fc', 'relu_inf', 'head']);
      expect(Array.from(file.dataset('model_weights/fc/fc/kernel').data as Float32Array)).toEqual(expected.keras.weights['fc/kernel'].values.map(Math.fround));
    } finally {
      file.close();
    }
  });

  test('a path means a path in the in-memory file system, not on the host', async () => {
    expect(existsSync(`${READERS}tiny.h5`)).toBe(true);
    await expect(openH5(`${READERS}tiny.h5`)).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
    await expect(openKerasArchive(`${READERS}tiny.keras`)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/^Cannot open '.*tiny\.keras' by path outside Node\. Pass the file's bytes instead\.$/),
    });
  });

  test('a .keras from bytes, with its weights', async () => {
    const archive = await openKerasArchive(new Uint8Array(readFileSync(`${READERS}tiny.keras`)), { fileName: 'tiny.keras' });
    const weights = await archive.openWeights();
    try {
      expect(weights.attr('layers/dense_1/vars', 'name')).toBe('head');
    } finally {
      weights.close();
    }
  });

  test('detectFormat', async () => {
    expect(await detectFormat(new Uint8Array(readFileSync(`${READERS}tiny.h5`)))).toBe('keras-h5');
  });
});
