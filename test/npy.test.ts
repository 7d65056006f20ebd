// NumPy I/O: files written by real NumPy (fixtures/npy/generate_npy.py) read back value for value; what
// kerasbridge writes reads back the same here and, where the Python venv exists, in NumPy itself.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, onTestFinished, test } from 'vitest';
import type { NdArray } from '../src/runtime/nd-array.js';
import { readNpy, writeNpy } from '../src/runtime/npy.js';
import { readNpz, writeNpz } from '../src/runtime/npz.js';

interface Described {
  dtype: string;
  shape: number[];
  data: (number | boolean)[];
}

const folder = new URL('../fixtures/npy/', import.meta.url);
const expected = JSON.parse(readFileSync(new URL('expected.json', folder), 'utf8')) as { arrays: Record<string, Described | Record<string, Described>>; refused: string[] };
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(name, folder)));
const python = new URL('../.venv/bin/python', import.meta.url).pathname;

/** What NumPy's `tolist()` gives for the array: numbers, bools for bool arrays. */
const described = (array: NdArray): Described => ({
  dtype: array.dtype,
  shape: [...array.shape],
  data: Array.from(array.data as ArrayLike<number | bigint>, (v) => (array.dtype === 'bool' ? v === 1 : Number(v))),
});

const SAMPLES: NdArray[] = [
  { dtype: 'float32', shape: [2, 3], data: Float32Array.from([0.1, -2, 3.5, 1e-30, 65504, -0]) },
  { dtype: 'float64', shape: [3], data: Float64Array.from([Math.PI, -1e300, 5e-324]) },
  { dtype: 'int8', shape: [2], data: Int8Array.from([-128, 127]) },
  { dtype: 'uint8', shape: [1, 2, 1], data: Uint8Array.from([0, 255]) },
  { dtype: 'int16', shape: [2], data: Int16Array.from([-32768, 32767]) },
  { dtype: 'uint16', shape: [1], data: Uint16Array.from([65535]) },
  { dtype: 'int32', shape: [2, 1], data: Int32Array.from([-(2 ** 31), 2 ** 31 - 1]) },
  { dtype: 'uint32', shape: [1], data: Uint32Array.from([2 ** 32 - 1]) },
  { dtype: 'int64', shape: [2], data: BigInt64Array.from([-(2n ** 53n), 2n ** 40n]) },
  { dtype: 'uint64', shape: [1], data: BigUint64Array.from([2n ** 52n]) },
  { dtype: 'bool', shape: [3], data: Uint8Array.from([1, 0, 1]) },
  { dtype: 'float32', shape: [], data: Float32Array.from([7.5]) },
  { dtype: 'float32', shape: [0, 3], data: new Float32Array(0) },
];

describe('files written by NumPy', () => {
  const single = Object.entries(expected.arrays).filter(([name]) => name.endsWith('.npy')) as [string, Described][];
  test.each(single)('%s', (name, want) => {
    expect(described(readNpy(fixture(name), name))).toEqual(want);
  });

  test.each(['arrays.npz', 'arrays-compressed.npz'])('%s (np.savez, stored or deflated)', (name) => {
    const arrays = readNpz(fixture(name), name);
    expect(Object.fromEntries(Object.entries(arrays).map(([k, a]) => [k, described(a)]))).toEqual(expected.arrays[name]);
  });

  test.each([
    ['fortran.npy', 'UNSUPPORTED_FORMAT', /'fortran\.npy' is stored in Fortran \(column-major\) order; only C order is read\. Save numpy\.ascontiguousarray\(x\) instead\./],
    ['object.npy', 'UNSAFE_CONTENT', /'object\.npy' holds a NumPy object array, whose elements are pickled Python objects, which are never loaded/],
    ['structured.npy', 'UNSUPPORTED_FORMAT', /'structured\.npy' holds a structured array/],
    ['float16.npy', 'UNSUPPORTED_FORMAT', /'float16\.npy' holds NumPy dtype '<f2'; float32, float64, .* arrays are read/],
  ])('%s is refused with a clear error', (name, code, message) => {
    expect(expected.refused).toContain(name);
    expect(() => readNpy(fixture(name), name)).toThrow(expect.objectContaining({ code, message: expect.stringMatching(message) }));
  });
});

describe('writeNpy and writeNpz', () => {
  test.each(SAMPLES.map((s) => [`${s.dtype} ${JSON.stringify(s.shape)}`, s] as const))('%s round-trips', (_, sample) => {
    const bytes = writeNpy(sample);
    expect(bytes.length % 64).toBe(sample.data.byteLength % 64);
    const back = readNpy(bytes);
    expect(back).toEqual({ ...sample, shape: [...sample.shape] });
    expect(back.data.constructor).toBe(sample.data.constructor);
  });

  test('an .npz round-trips every array under its name', () => {
    const arrays = Object.fromEntries(SAMPLES.map((s, i) => [`a${i}`, s]));
    expect(readNpz(writeNpz(arrays))).toEqual(Object.fromEntries(SAMPLES.map((s, i) => [`a${i}`, { ...s, shape: [...s.shape] }])));
  });

  test('data that does not fill the shape is not written', () => {
    expect(() => writeNpy({ dtype: 'float32', shape: [2, 2], data: new Float32Array(3) })).toThrow('Cannot write 3 values as an array of shape (2, 2)');
  });

  test(existsSync(python) ? 'NumPy reads what kerasbridge writes' : 'NumPy reads what kerasbridge writes: not run, Python is absent (.venv/bin/python; see README)', () => {
    if (!existsSync(python)) return;
    const scratch = mkdtempSync(join(tmpdir(), 'kerasbridge-npy-'));
    onTestFinished(() => rmSync(scratch, { recursive: true, force: true }));
    SAMPLES.forEach((s, i) => writeFileSync(join(scratch, `a${i}.npy`), writeNpy(s)));
    writeFileSync(join(scratch, 'all.npz'), writeNpz(Object.fromEntries(SAMPLES.map((s, i) => [`a${i}`, s]))));
    const script = [
      'import json, sys, numpy as np',
      'd = lambda a: {"dtype": a.dtype.name, "shape": list(a.shape), "data": a.ravel().tolist()}',
      `arrays = [d(np.load(f"{sys.argv[1]}/a{i}.npy")) for i in range(${SAMPLES.length})]`,
      'z = np.load(f"{sys.argv[1]}/all.npz")',
      'print(json.dumps({"npy": arrays, "npz": {k: d(z[k]) for k in z.files}}))',
    ].join('\n');
    const numpy = JSON.parse(execFileSync(python, ['-c', script, scratch], { encoding: 'utf8' }));
    expect(numpy.npy).toEqual(SAMPLES.map(described));
    expect(numpy.npz).toEqual(Object.fromEntries(SAMPLES.map((s, i) => [`a${i}`, described(s)])));
  });
});

describe('damaged or hostile files are typed errors', () => {
  const npy = writeNpy(SAMPLES[0]!);
  const withHeader = (header: string, major = 1, data = new Uint8Array(0)) => {
    const bytes = new Uint8Array(10 + header.length + data.length);
    bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, 0, header.length & 0xff, header.length >> 8]);
    bytes.set(new TextEncoder().encode(header), 10);
    bytes.set(data, 10 + header.length);
    return bytes;
  };
  test.each([
    ['not .npy', new TextEncoder().encode('left,right\n1,2\n'), 'UNSUPPORTED_FORMAT', /'x' is not a NumPy \.npy file: it does not start with \\x93NUMPY/],
    ['format version 4', withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (0,), }", 4), 'UNSUPPORTED_FORMAT', /'x' is \.npy format version 4\.0; versions 1\.0 to 3\.0 are read/],
    ['truncated data', npy.subarray(0, npy.length - 4), 'CORRUPT_FILE', /'x' is not a readable \.npy file: its header declares float32 values of shape \(2, 3\) \(24 bytes\), but 20 bytes of data follow/],
    ['truncated header', npy.subarray(0, 40), 'CORRUPT_FILE', /'x' is not a readable \.npy file: it ends inside its header/],
    ['a header over NumPy\'s limit', (() => { const b = new Uint8Array(12); b.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 2, 0, 0, 0, 0, 1]); return b; })(), 'UNSAFE_CONTENT', /declares a 16777216-byte header, more than NumPy's limit of 10000/],
    ['a header that is code', withHeader("__import__('os').system('true')"), 'CORRUPT_FILE', /its header is not a Python literal/],
    ['a header without shape', withHeader("{'descr': '<f4', 'fortran_order': False}"), 'CORRUPT_FILE', /is not a dict of 'descr', 'fortran_order' and 'shape'/],
    ['a negative dimension', withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,)}"), 'CORRUPT_FILE', /is not a dict of 'descr'/],
  ])('%s', (_, bytes, code, message) => {
    expect(() => readNpy(bytes, 'x')).toThrow(expect.objectContaining({ code, message: expect.stringMatching(message) }));
  });

  test('an .npz entry escaping the archive, a zip bomb, and bytes that are no zip', () => {
    expect(() => readNpz(zipSync({ '../evil.npy': npy }), 'a.npz')).toThrow(expect.objectContaining({ code: 'UNSAFE_CONTENT', message: expect.stringContaining("'../evil.npy'") }));
    expect(() => readNpz(writeNpz({ big: SAMPLES[0]! }), 'b.npz', 100)).toThrow(expect.objectContaining({ code: 'UNSAFE_CONTENT', message: expect.stringContaining('declares more than 100 uncompressed bytes') }));
    expect(() => readNpz(npy, 'c.npz')).toThrow(expect.objectContaining({ code: 'CORRUPT_FILE', message: expect.stringContaining("'c.npz'") }));
  });

  test('an .npz entry that is not a readable .npy names the entry', () => {
    expect(() => readNpz(zipSync({ 'x.npy': new Uint8Array([1, 2, 3]) }), 'd.npz')).toThrow("'d.npz/x.npy' is not a NumPy .npy file");
  });
});
