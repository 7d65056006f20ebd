import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, describe, expect, test } from 'vitest';
import { KerasBridgeError, type ErrorCode } from '../../src/ir/errors.js';
import { detectFormat } from '../../src/importers/detect.js';
import { openH5, type H5File, type OpenH5Options } from '../../src/importers/h5/h5-file.js';
import { openKerasArchive } from '../../src/importers/zip.js';
import { READERS } from './fixture-paths.js';

const tinyH5 = new Uint8Array(readFileSync(`${READERS}tiny.h5`));
const tinyKeras = new Uint8Array(readFileSync(`${READERS}tiny.keras`));
const scratch = mkdtempSync(join(tmpdir(), 'kerasbridge-bad-input-'));
afterAll(() => rmSync(scratch, { recursive: true }));

/** Deterministic noise, so that a failure reproduces. */
function noise(length: number, seed = 7): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i * 131 + seed * 17 + ((i * i) >> 3)) & 0xff);
}

function scrambled(bytes: Uint8Array, from: number, to: number): Uint8Array {
  const copy = bytes.slice();
  copy.set(noise(to - from), from);
  return copy;
}

function written(name: string, bytes: Uint8Array): string {
  const path = join(scratch, name);
  writeFileSync(path, bytes);
  return path;
}

/** Rewrites fields of every central-directory record (signature PK\1\2) and of the end record (PK\5\6). */
function patchZip(bytes: Uint8Array, patch: (view: DataView, at: number, kind: 'entry' | 'end') => void): Uint8Array {
  const copy = bytes.slice();
  const view = new DataView(copy.buffer);
  for (let at = 0; at + 4 <= copy.length; at++) {
    const signature = view.getUint32(at, true);
    if (signature === 0x02014b50) patch(view, at, 'entry');
    else if (signature === 0x06054b50) patch(view, at, 'end');
  }
  return copy;
}

/** Renames entries in place (local and central headers alike); names must have the same length. */
function renamed(bytes: Uint8Array, from: string, to: string): Uint8Array {
  const [source, target] = [from, to].map((name) => new TextEncoder().encode(name));
  const copy = bytes.slice();
  for (let at = copy.indexOf(source[0]); at >= 0; at = copy.indexOf(source[0], at + 1)) {
    if (source.every((b, i) => copy[at + i] === b)) copy.set(target, at);
  }
  return copy;
}

const config = new TextEncoder().encode('{"class_name": "Sequential", "config": {"layers": []}}');
const zipWith = (files: Record<string, Uint8Array>) => zipSync(files, { level: 9 });

/** Opens, reads and closes, so that no scratch file outlives a failing read. */
async function readH5(source: string | Uint8Array, read: (file: H5File) => unknown, options: OpenH5Options = {}): Promise<void> {
  const file = await openH5(source, options);
  try {
    read(file);
  } finally {
    file.close();
  }
}

interface BadInput {
  name: string;
  run: () => Promise<unknown>;
  code: ErrorCode;
  message: RegExp;
}

const rows: BadInput[] = [
  // HDF5
  {
    name: 'a truncated .h5 (bytes)',
    run: () => openH5(tinyH5.subarray(0, 5000), { fileName: 'tiny-cut.h5' }),
    code: 'CORRUPT_FILE',
    message: /^File 'tiny-cut.h5' cannot be opened: truncated file: eof = 5000, sblock->base_addr = 0, stored_eof = 16824\. The file is damaged or incomplete; download or copy it again\.$/,
  },
  {
    name: 'a truncated .h5 (path)',
    run: () => openH5(written('cut.h5', tinyH5.subarray(0, 12000))),
    code: 'CORRUPT_FILE',
    message: /^File '.*cut\.h5' cannot be opened: truncated file: eof = 12000,/,
  },
  {
    name: 'random bytes as HDF5',
    run: () => openH5(noise(4096), { fileName: 'random.h5' }),
    code: 'UNSUPPORTED_FORMAT',
    message: /^File 'random.h5' is not an HDF5 file: it has no HDF5 signature\. Pass a Keras \.h5\/\.weights\.h5 file, or call detectFormat\(\)/,
  },
  { name: 'an empty file', run: () => openH5(new Uint8Array(0)), code: 'UNSUPPORTED_FORMAT', message: /^File 'HDF5 bytes' is not an HDF5 file/ },
  {
    name: 'a missing path',
    run: () => openH5(join(scratch, 'missing.h5')),
    code: 'FILE_NOT_FOUND',
    message: /^File '.*missing\.h5' does not exist or cannot be read\. Check the path\.$/,
  },
  { name: 'a directory as HDF5', run: () => openH5(`${READERS}tiny_dir`), code: 'UNSUPPORTED_FORMAT', message: /tiny_dir' is a directory, not an HDF5 file\. .*openKerasArchive\(\)/ },
  {
    name: 'damaged object headers',
    run: () => openH5(scrambled(tinyH5, 96, 800), { fileName: 'damaged.h5' }),
    code: 'CORRUPT_FILE',
    message: /^File 'damaged.h5' cannot be opened: .+\. The file is damaged or incomplete/,
  },
  {
    name: 'a damaged group tree, found while reading',
    run: () => readH5(scrambled(tinyH5, 6000, 16000), (file) => file.keys('/'), { fileName: 'damaged.h5' }),
    code: 'CORRUPT_FILE',
    message: /^Reading '\/' from 'damaged.h5' failed: .+\. The file is damaged\.$/,
  },
  {
    name: 'a forged dataset shape (4 TiB declared in a 2 KiB file)',
    run: () => readH5(`${READERS}forged_shape.h5`, (file) => file.dataset('huge')),
    code: 'CORRUPT_FILE',
    message: /^Dataset '\/huge' in '.*forged_shape\.h5' declares shape \[1048576,1048576\] \(4398046511104 bytes of float32\), but the whole file has 2064 bytes\. The file is damaged or forged\.$/,
  },
  {
    name: 'a dataset over maxDatasetBytes',
    run: () => readH5(`${READERS}forged_shape.h5`, (file) => file.dataset('small'), { maxDatasetBytes: 8 }),
    code: 'UNSAFE_CONTENT',
    message: /^Dataset '\/small' .* declares shape \[4\] \(16 bytes of float32\), over the 8-byte limit\. Raise maxDatasetBytes in openH5\(\) if you trust the file\.$/,
  },
  {
    name: 'reading a closed file',
    run: async () => {
      const file = await openH5(`${READERS}tiny.h5`, { fileName: 'tiny.h5' });
      file.close();
      return file.keys('/');
    },
    code: 'INVALID_ARGUMENT',
    message: /^File 'tiny.h5' is closed; open it again to read '\/'\.$/,
  },
  // zip
  {
    name: "a zip entry named '../evil.sh'",
    run: () => openKerasArchive(zipWith({ 'config.json': config, '../evil.sh': config }), { fileName: 'slip.keras' }),
    code: 'UNSAFE_CONTENT',
    message: /^Zip 'slip.keras' has an entry named '\.\.\/evil\.sh', which points outside the archive; Keras never writes such names\. Refusing the file\.$/,
  },
  {
    name: "detectFormat on a zip entry named 'assets/../../x'",
    run: () => detectFormat(zipWith({ 'config.json': config, 'assets/../../x': config }), 'slip.keras'),
    code: 'UNSAFE_CONTENT',
    message: /entry named 'assets\/\.\.\/\.\.\/x'/,
  },
  { name: 'an absolute zip entry', run: () => openKerasArchive(zipWith({ 'config.json': config, '/etc/cron.d/x': config })), code: 'UNSAFE_CONTENT', message: /entry named '\/etc\/cron\.d\/x'/ },
  { name: 'a Windows drive zip entry', run: () => openKerasArchive(zipWith({ 'config.json': config, 'C:\\x.bat': config })), code: 'UNSAFE_CONTENT', message: /entry named 'C:\\x\.bat'/ },
  {
    name: 'a zip listing config.json twice',
    run: () => openKerasArchive(renamed(zipWith({ 'config.json': config, 'configXjson': config }), 'configXjson', 'config.json'), { fileName: 'twice.keras' }),
    code: 'UNSAFE_CONTENT',
    message: /^Zip 'twice.keras' lists entry 'config\.json' twice; Keras never writes such archives\. Refusing the file\.$/,
  },
  {
    name: 'a zip bomb (2 MiB of zeros in 2 KiB, over a 1 MiB cap)',
    run: () => openKerasArchive(zipWith({ 'config.json': new Uint8Array(2 ** 21) }), { fileName: 'bomb.keras', maxUncompressedBytes: 2 ** 20 }),
    code: 'UNSAFE_CONTENT',
    message: /^Zip 'bomb.keras' declares more than 1048576 uncompressed bytes \(2097152 by entry 'config\.json'\), a zip bomb or a model too big to load\. Raise maxUncompressedBytes if you trust the file\.$/,
  },
  {
    name: 'a zip declaring 8 GiB, over the default 4 GiB cap',
    run: () =>
      openKerasArchive(
        patchZip(zipWith({ 'config.json': config, 'model.weights.h5': config }), (view, at, kind) => kind === 'entry' && view.setUint32(at + 24, 0xfffffffe, true)),
        { fileName: 'bomb.keras' },
      ),
    code: 'UNSAFE_CONTENT',
    message: /^Zip 'bomb.keras' declares more than 4294967296 uncompressed bytes \(8589934588 by entry 'model\.weights\.h5'\)/,
  },
  {
    name: 'a zip entry declaring more bytes than it inflates to',
    run: async () => (await openKerasArchive(patchZip(zipWith({ 'config.json': config }), (view, at, kind) => kind === 'entry' && view.setUint32(at + 24, config.length + 100, true)), { fileName: 'lying.keras' })).config(),
    code: 'CORRUPT_FILE',
    message: new RegExp(`^File 'lying.keras' cannot be read: entry 'config.json' inflates to ${config.length} bytes instead of the ${config.length + 100} it declares\\.`),
  },
  {
    name: 'a zip whose end record claims 65535 entries',
    run: () => openKerasArchive(patchZip(zipWith({ 'config.json': config }), (view, at, kind) => kind === 'end' && (view.setUint16(at + 8, 0xffff, true), view.setUint16(at + 10, 0xffff, true)))),
    code: 'CORRUPT_FILE',
    message: /^File '\.keras bytes' cannot be read: entry 2 of its central directory has no name\./,
  },
  {
    name: 'a truncated .keras',
    run: () => openKerasArchive(tinyKeras.subarray(0, tinyKeras.length >> 1), { fileName: 'cut.keras' }),
    code: 'CORRUPT_FILE',
    message: /^File 'cut.keras' cannot be read: it is not a readable zip archive \(.+\)\. Download or copy it again\.$/,
  },
  {
    name: 'detectFormat on a truncated .keras',
    run: () => detectFormat(tinyKeras.subarray(0, tinyKeras.length >> 1), 'cut.keras'),
    code: 'CORRUPT_FILE',
    message: /^File 'cut.keras' cannot be read: it is not a readable zip archive/,
  },
  {
    name: 'a zip without config.json',
    run: () => openKerasArchive(zipWith({ 'notes.txt': config }), { fileName: 'notes.zip' }),
    code: 'UNSUPPORTED_FORMAT',
    message: /^'notes.zip' has no config\.json, so it is not a Keras 3 \.keras model \(it holds notes\.txt\)\./,
  },
  { name: 'a missing .keras path', run: () => openKerasArchive(join(scratch, 'missing.keras')), code: 'FILE_NOT_FOUND', message: /missing\.keras' does not exist/ },
  // detection
  {
    name: 'random bytes',
    run: () => detectFormat(noise(4096), 'random.bin'),
    code: 'UNSUPPORTED_FORMAT',
    message: /^Cannot tell what 'random.bin' holds: it is neither HDF5, zip nor JSON\. kerasbridge reads Keras \.h5 models and weights/,
  },
  { name: 'a zip that is not a model', run: () => detectFormat(zipWith({ 'notes.txt': config }), 'notes.zip'), code: 'UNSUPPORTED_FORMAT', message: /^Cannot tell what 'notes.zip' holds: it is a zip archive without config\.json\./ },
  {
    name: 'broken JSON',
    run: () => detectFormat(new TextEncoder().encode('{"class_name": "Sequential", "config": [NaN'), 'model.json'),
    code: 'CORRUPT_FILE',
    message: /^File 'model.json' is not valid JSON \(/,
  },
];

/** A zip given by path is read by ranges (zip-file.ts), not by fflate: the same bad archives, the same typed errors. */
const byPath = (name: string, bytes: Uint8Array, options: { maxUncompressedBytes?: number } = {}) => openKerasArchive(written(name, bytes), { ...options, fileName: name });
const stored = (files: Record<string, Uint8Array>) => zipSync(files, { level: 0 });
const unreadableZip = (name: string) => new RegExp(`^File '${name.replace('.', '\\.')}' cannot be read: it is not a readable zip archive \\(.+\\)\\. Download or copy it again\\.$`);
rows.push(
  { name: "a zip entry named '../evil.sh' (path)", run: () => byPath('slip.keras', zipWith({ 'config.json': config, '../evil.sh': config })), code: 'UNSAFE_CONTENT', message: /^Zip 'slip.keras' has an entry named '\.\.\/evil\.sh'/ },
  { name: 'an absolute zip entry (path)', run: () => byPath('abs.keras', zipWith({ 'config.json': config, '/etc/cron.d/x': config })), code: 'UNSAFE_CONTENT', message: /entry named '\/etc\/cron\.d\/x'/ },
  {
    name: 'a zip listing config.json twice (path)',
    run: () => byPath('twice.keras', renamed(zipWith({ 'config.json': config, 'configXjson': config }), 'configXjson', 'config.json')),
    code: 'UNSAFE_CONTENT',
    message: /^Zip 'twice.keras' lists entry 'config\.json' twice/,
  },
  {
    name: 'a zip bomb over a 1 MiB cap (path)',
    run: () => byPath('bomb.keras', zipWith({ 'config.json': new Uint8Array(2 ** 21) }), { maxUncompressedBytes: 2 ** 20 }),
    code: 'UNSAFE_CONTENT',
    message: /^Zip 'bomb.keras' declares more than 1048576 uncompressed bytes \(2097152 by entry 'config\.json'\)/,
  },
  {
    name: 'a zip entry declaring more bytes than it inflates to (path)',
    run: async () => (await byPath('lying.keras', patchZip(zipWith({ 'config.json': config }), (view, at, kind) => kind === 'entry' && view.setUint32(at + 24, config.length + 100, true)))).config(),
    code: 'CORRUPT_FILE',
    message: unreadableZip('lying.keras'),
  },
  {
    name: 'a zip whose end record claims 65535 entries (path)',
    run: () => byPath('count.keras', patchZip(zipWith({ 'config.json': config }), (view, at, kind) => kind === 'end' && (view.setUint16(at + 8, 0xffff, true), view.setUint16(at + 10, 0xffff, true)))),
    code: 'CORRUPT_FILE',
    message: unreadableZip('count.keras'),
  },
  { name: 'a truncated .keras (path)', run: () => byPath('cut.keras', tinyKeras.subarray(0, tinyKeras.length >> 1)), code: 'CORRUPT_FILE', message: unreadableZip('cut.keras') },
  { name: 'a zip without config.json (path)', run: () => byPath('notes.zip', zipWith({ 'notes.txt': config })), code: 'UNSUPPORTED_FORMAT', message: /^'notes.zip' has no config\.json/ },
  {
    name: 'a stored model.weights.h5 that is not HDF5, opened in place (path)',
    run: async () => (await byPath('noise.keras', stored({ 'config.json': config, 'model.weights.h5': noise(4096) }))).openWeights(),
    code: 'UNSUPPORTED_FORMAT',
    message: /^File 'noise\.keras\/model\.weights\.h5' is not an HDF5 file/,
  },
  {
    name: 'a stored model.weights.h5 cut short, opened in place (path)',
    run: async () => (await byPath('short.keras', stored({ 'config.json': config, 'model.weights.h5': tinyH5.subarray(0, tinyH5.length >> 1) }))).openWeights(),
    code: 'CORRUPT_FILE',
    message: /^File 'short\.keras\/model\.weights\.h5' cannot be opened: truncated file/,
  },
);

describe('bad input gives a typed error naming the file, never a crash or a hang', () => {
  test.each(rows.map((row) => [row.name, row] as const))('%s', async (_, { run, code, message }) => {
    const error = await run().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(KerasBridgeError);
    expect({ code: (error as KerasBridgeError).code, message: (error as KerasBridgeError).message }).toEqual({ code, message: expect.stringMatching(message) });
  });
});
