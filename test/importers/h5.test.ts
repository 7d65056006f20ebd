import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openH5, type H5File } from '../../src/importers/h5/h5-file.js';
import type { H5Data, H5DType } from '../../src/importers/h5/datasets.js';
import { parseKerasJson } from '../../src/importers/json.js';
import { READERS, WILD, expected } from './fixture-paths.js';

/** Numbers for comparison; int64 values beyond 2^53 as exact decimal strings, as the generator writes them. */
function plain(data: H5Data): (number | string)[] {
  return Array.from(data as ArrayLike<number | bigint>, (v) =>
    typeof v === 'bigint' && (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER)) ? v.toString() : Number(v),
  );
}

describe('attributes: every string encoding Keras and h5py write', () => {
  let file: H5File;
  beforeAll(async () => {
    file = await openH5(`${READERS}attrs.h5`);
  });
  afterAll(() => file.close());

  // Each row names the physical encoding the fixture recorded for that attribute (keras-formats.md §1).
  test.each([
    ['vlen_utf8', { vlen: true, cset: 1 }],
    ['vlen_ascii', { vlen: true, cset: 0 }],
    ['vlen_ascii_list', { vlen: true, cset: 0 }],
    ['vlen_utf8_list', { vlen: true, cset: 1 }],
    ['fixed_list', { vlen: false, cset: 0 }],
    ['fixed_scalar', { vlen: false, cset: 0 }],
    ['empty_bytes_list', { vlen: false, cset: 0 }],
    ['empty_float64', { vlen: null, cset: null }],
    ['float_scalar', { vlen: null, cset: null }],
    ['int_list', { vlen: null, cset: null }],
  ])('%s (stored as %o) decodes as h5py reads it', (name, encoding) => {
    expect(expected.attrs.group_types[name]).toEqual(encoding);
    expect(file.attr('group', name)).toEqual(expected.attrs.group[name]);
  });

  test('attrs() decodes them all at once', () => {
    expect(file.attrs('/group')).toEqual(expected.attrs.group);
    expect(file.attrs('/')).toEqual({});
  });

  test('attr() of a missing name is undefined', () => {
    expect(file.attr('group', 'nope')).toBeUndefined();
  });

  test.each([
    ['names', expected.attrs.group_list_names],
    ['vlen_ascii_list', ['dense', 'dense_1', 'ümlaut']],
    ['fixed_list', ['conv', 'bn', 'ß']],
    ['fixed_scalar', ['abc']],
    ['empty_float64', []],
    ['absent', []],
  ])('readListAttr(%s)', (name, list) => {
    expect(file.readListAttr('group', name)).toEqual(list);
  });

  test('readListAttr refuses a numeric list', () => {
    expect(() => file.readListAttr('group', 'int_list')).toThrow(
      expect.objectContaining({ code: 'CORRUPT_FILE', message: expect.stringMatching(/'int_list' of '\/group' .* holds numbers/) }),
    );
  });

  test('Keras chunks a list over 64 KiB into layer_names0, layer_names1; readListAttr joins them', async () => {
    const chunked = await openH5(`${READERS}chunked_attrs.h5`);
    try {
      expect(Object.keys(chunked.attrs('/')).sort()).toEqual(expected.chunked_attrs.chunks);
      expect(chunked.attr('/', 'layer_names')).toBeUndefined();
      const names = chunked.readListAttr('/', 'layer_names');
      expect(names).toHaveLength(expected.chunked_attrs.count);
      expect([names[0], names.at(-1)]).toEqual([expected.chunked_attrs.first, expected.chunked_attrs.last]);
    } finally {
      chunked.close();
    }
  });
});

describe('datasets: values equal what h5py reads', () => {
  let file: H5File;
  beforeAll(async () => {
    file = await openH5(`${READERS}datasets.h5`);
  });
  afterAll(() => file.close());

  test.each<[string, H5DType, string]>([
    ['float32', 'float32', 'Float32Array'],
    ['float64', 'float64', 'Float64Array'],
    ['float16', 'float16', 'Float32Array'],
    ['bfloat16', 'bfloat16', 'Float32Array'],
    ['float32_be', 'float32', 'Float32Array'],
    ['int8', 'int8', 'Int8Array'],
    ['uint8', 'uint8', 'Uint8Array'],
    ['int16', 'int16', 'Int16Array'],
    ['int32', 'int32', 'Int32Array'],
    ['int64_scalar', 'int64', 'BigInt64Array'],
    ['uint32', 'uint32', 'Uint32Array'],
    ['bool', 'bool', 'Uint8Array'],
    ['empty', 'float32', 'Float32Array'],
    ['gzip', 'float32', 'Float32Array'],
  ])('%s reads as %s in a %s', (name, dtype, arrayType) => {
    const want = expected.datasets[name];
    const got = file.dataset(`data/${name}`);
    expect({ shape: got.shape, dtype: got.dtype, arrayType: got.data.constructor.name }).toEqual({ shape: want.shape, dtype, arrayType });
    expect(plain(got.data)).toEqual(want.values);
  });

  test.each(['float32', 'float64', 'float32_be', 'int8', 'uint8', 'int32', 'int64_scalar', 'uint32', 'bool', 'empty', 'gzip'])(
    'datasetLater(%s) reads when asked: the values of dataset(), its stored little-endian bytes, its first bytes alone, any byte range',
    (name) => {
      const path = `data/${name}`;
      const now = file.dataset(path);
      const later = file.datasetLater(path);
      expect({ shape: later.shape, dtype: later.dtype, byteLength: later.byteLength }).toEqual(file.datasetInfo(path));
      expect(plain(later.read().data)).toEqual(plain(now.data));
      const stored = later.withBytes((bytes) => bytes.slice());
      expect(stored).toEqual(new Uint8Array(now.data.buffer, now.data.byteOffset, now.data.byteLength));
      const leading = later.leadingBytes(6);
      expect(leading.length).toBeLessThanOrEqual(6);
      if (stored.length > 0) expect(leading.length).toBeGreaterThan(0);
      expect(leading).toEqual(stored.subarray(0, leading.length));
      // Any byte range, across rows or inside one, reads as those bytes of the whole.
      for (const [offset, length] of [[0, stored.length], [1, stored.length - 2], [later.rowBytes - 1, 2], [stored.length - 3, 3]] as const) {
        if (offset < 0 || length <= 0 || offset + length > stored.length) continue;
        const part = new Uint8Array(length);
        later.readRange(offset, part);
        expect(part, `bytes ${offset}..${offset + length}`).toEqual(stored.subarray(offset, offset + length));
      }
    },
  );

  test('a dataset left for later is read while its file is open, and refused by name after', async () => {
    const own = await openH5(`${READERS}datasets.h5`);
    const later = own.datasetLater('data/float32');
    own.close();
    expect(() => later.read()).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/datasets\.h5' is closed; open it again to read '\/data\/float32'/) }));
  });

  test('datasetInfo gives shape, dtype and size without reading', () => {
    expect(file.datasetInfo('/data/float16')).toEqual({ shape: [3, 2], dtype: 'float16', byteLength: 12 });
  });

  test('keys, isGroup, isDataset', () => {
    expect(file.keys('/')).toEqual(['data']);
    expect(file.keys('data')).toEqual(Object.keys(expected.datasets).sort());
    expect([file.isGroup('data'), file.isDataset('data'), file.isDataset('data/int8'), file.isGroup('nope')]).toEqual([true, false, true, false]);
  });

  test.each([
    ['keys', (f: H5File) => f.keys('data/int8'), /has no group at '\/data\/int8'/],
    ['dataset', (f: H5File) => f.dataset('data'), /has no dataset at '\/data'/],
    ['dataset', (f: H5File) => f.dataset('data/missing'), /has no dataset at '\/data\/missing'/],
    ['datasetInfo', (f: H5File) => f.datasetInfo('data'), /has no dataset at '\/data'/],
    ['readListAttr', (f: H5File) => f.readListAttr('missing', 'names'), /has no group or dataset at '\/missing'/],
    ['attrs', (f: H5File) => f.attrs('missing'), /has no group or dataset at '\/missing'/],
  ])('%s of the wrong kind of object is a CORRUPT_FILE error', (_, read, message) => {
    expect(() => read(file)).toThrow(expect.objectContaining({ code: 'CORRUPT_FILE', message: expect.stringMatching(message) }));
  });
});

describe('a Keras 3 legacy .h5 (tiny.h5)', () => {
  let file: H5File;
  beforeAll(async () => {
    // Bytes, as a browser would pass them.
    file = await openH5(new Uint8Array(readFileSync(`${READERS}tiny.h5`)), { fileName: 'tiny.h5' });
  });
  afterAll(() => file.close());

  test('root attributes: vlen UTF-8 version strings, vlen ASCII model_config with a bare Infinity', () => {
    expect(file.attr('/', 'keras_version')).toBe('3.15.1');
    expect(file.attr('/', 'backend')).toBe('tensorflow');
    const config = parseKerasJson(file.attr('/', 'model_config') as string) as { class_name: string; config: { layers: { config: { max_value?: number } }[] } };
    expect(config.class_name).toBe('Functional');
    expect(config.config.layers.map((l) => l.config.max_value).filter((v) => v !== undefined)).toEqual([Infinity]);
  });

  test('layer_names and weight_names, including a weightless layer (empty float64)', () => {
    expect(file.readListAttr('model_weights', 'layer_names')).toEqual(['x', 'fc', 'relu_inf', 'head']);
    expect(file.readListAttr('model_weights/relu_inf', 'weight_names')).toEqual([]);
    expect(file.readListAttr('model_weights/head', 'weight_names')).toEqual(['head/kernel', 'head/bias']);
  });

  test('weights equal Keras values; bfloat16 is an unmarked 2-byte opaque type here', () => {
    expect(expected.keras.bfloat16_in_legacy_h5).toEqual({ opaque: true, attrs: [] });
    for (const [layer, weightPath] of [['fc', 'fc/kernel'], ['fc', 'fc/bias'], ['head', 'head/kernel'], ['head', 'head/bias']]) {
      const want = expected.keras.weights[weightPath];
      const got = file.dataset(`model_weights/${layer}/${weightPath}`);
      expect({ shape: got.shape, dtype: got.dtype, values: plain(got.data) }).toEqual({ shape: want.shape, dtype: want.dtype, values: want.values });
    }
  });
});

test('a Keras 3 .weights.h5 marks bfloat16 with a dtype attribute', async () => {
  const file = await openH5(`${READERS}tiny_dir/model.weights.h5`);
  try {
    expect(expected.keras.bfloat16_in_weights_h5).toEqual({ opaque: true, dtype_attr: 'bfloat16' });
    expect(file.attrs('layers/dense_1/vars/0')).toEqual({ dtype: 'bfloat16' });
    expect(file.attr('layers/dense_1/vars', 'name')).toBe('head');
    const kernel = file.dataset('layers/dense_1/vars/0');
    expect([kernel.dtype, plain(kernel.data)]).toEqual(['bfloat16', expected.keras.weights['head/kernel'].values]);
  } finally {
    file.close();
  }
});

describe.each(Object.entries(expected.wild))('wild file %s', (relPath, want) => {
  let file: H5File;
  beforeAll(async () => {
    file = await openH5(WILD + relPath);
  });
  afterAll(() => file.close());

  /** Every dataset path under a group, found by walking keys() as an importer would. */
  function walk(group: string): string[] {
    return file.keys(group).flatMap((key) => {
      const path = `${group === '/' ? '' : group}/${key}`;
      return file.isGroup(path) ? walk(path) : [path];
    });
  }

  test('walking the tree finds the datasets h5py finds', () => {
    expect(walk('/').sort()).toEqual(Object.keys(want.datasets).sort());
  });

  test('each dataset has h5py shape, first values and sum', () => {
    for (const [path, ds] of Object.entries(want.datasets)) {
      const got = file.dataset(path);
      const values = Array.from(got.data as ArrayLike<number | bigint>, Number);
      const sum = values.reduce((a, b) => a + b, 0);
      expect({ path, shape: got.shape, first: values.slice(0, 3) }).toEqual({ path, shape: ds.shape, first: ds.first });
      expect(Math.abs(sum - ds.sum)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(ds.sum)));
      expect(got.dtype).toBe(ds.dtype);
    }
  });

  test('layer_names and weight_names lists equal h5py', () => {
    for (const [path, lists] of Object.entries(want.lists)) {
      for (const [name, list] of Object.entries(lists)) expect({ path, name, list: file.readListAttr(path, name) }).toEqual({ path, name, list });
    }
  });
});
