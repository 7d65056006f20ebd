// How the exporter writes bytes: the transposition kernel against index arithmetic, initializers stored once
// whether they are held transposed or not, and the model written in pieces (toOnnx's one buffer, writeOnnx's
// chunks) against protobufjs encoding the same model in one go.
import { readdirSync } from 'node:fs';
import protobuf from 'protobufjs/light.js';
import { describe, expect, test } from 'vitest';
import { Input, Model, layers, toOnnx, writeOnnx } from 'kerasbridge';
import { InitializerStore, rawBytes } from '../src/exporters/onnx/initializers.js';
import { ONNX_DESCRIPTOR } from '../src/exporters/onnx/onnx-descriptor.js';
import { decodeModel } from '../src/exporters/onnx/onnx-schema.js';
import { float32Tensor, int64Tensor, transposeTensor, transposeWhenWritten, type TensorData } from '../src/exporters/onnx/tensor-data.js';
import { transposeInto } from '../src/exporters/onnx/transpose.js';
import { importModel } from '../src/importers/load.js';

/** The transposed element at each result index, by strides alone: the definition `transposeInto` must meet. */
function naiveTranspose<T>(values: ArrayLike<T>, dims: readonly number[], perm: readonly number[]): T[] {
  const resultDims = perm.map((p) => dims[p]!);
  const strides = dims.map((_, i) => dims.slice(i + 1).reduce((a, b) => a * b, 1));
  return Array.from({ length: values.length }, (_, flat) => {
    let from = 0;
    for (let axis = resultDims.length - 1, rest = flat; axis >= 0; axis--) {
      from += (rest % resultDims[axis]!) * strides[perm[axis]!]!;
      rest = Math.floor(rest / resultDims[axis]!);
    }
    return values[from]!;
  });
}

const ramp = (n: number) => Float32Array.from({ length: n }, (_, i) => i - n / 3);
const size = (dims: readonly number[]) => dims.reduce((a, b) => a * b, 1);

describe('transposeInto', () => {
  test.each([
    { dims: [3, 3, 5, 7], perm: [3, 2, 0, 1] }, // a Conv2D kernel, (h, w, in, out) to (out, in, h, w)
    { dims: [1, 1, 33, 20], perm: [3, 2, 0, 1] }, // a 1x1 kernel: a matrix transpose, tiles with ragged edges
    { dims: [3, 3, 4, 17], perm: [3, 2, 0, 1] }, // full and ragged tiles under an outer axis
    { dims: [4, 1, 6, 1], perm: [3, 2, 0, 1] }, // size-1 axes
    { dims: [2, 3, 4, 5], perm: [0, 1, 3, 2] }, // the last two axes swapped under untouched ones
    { dims: [2, 3, 4, 5], perm: [1, 0, 2, 3] }, // the last axes kept: whole runs move
    { dims: [5, 4, 3, 2, 2], perm: [4, 0, 3, 1, 2] },
    { dims: [17], perm: [0] },
    { dims: [], perm: [] },
    { dims: [3, 0, 2], perm: [2, 1, 0] },
  ])('$dims by $perm: float32, int64 and uint8 as index arithmetic says', ({ dims, perm }) => {
    const floats = ramp(size(dims));
    const resultDims = perm.map((p) => dims[p]!);
    for (const tensor of [
      { dtype: 'float32', dims, data: floats },
      { dtype: 'int64', dims, data: BigInt64Array.from(floats, (v) => BigInt(Math.round(v)) * 0x100000001n) },
      { dtype: 'uint8', dims, data: Uint8Array.from(floats, (v) => v & 0xff) },
    ] as TensorData[]) {
      const transposed = transposeTensor(tensor, perm);
      expect(transposed.dims).toEqual(resultDims);
      expect(Array.from(transposed.data as ArrayLike<unknown>)).toEqual(naiveTranspose(tensor.data as ArrayLike<unknown>, dims, perm));
    }
  });

  test('a target at an odd offset (inside an encoded message) gets the same bytes; NaN payloads survive', () => {
    const dims = [2, 2, 3, 4];
    const perm = [3, 2, 0, 1];
    const words = Uint32Array.from({ length: size(dims) }, (_, i) => 0x7fa00000 + i); // signalling NaNs as float32
    const source = new Uint8Array(words.buffer);
    const aligned = new Uint8Array(source.length);
    transposeInto(source, 4, dims, perm, aligned);
    const shifted = new Uint8Array(source.length + 3);
    transposeInto(source, 4, dims, perm, shifted.subarray(3));
    expect(shifted.subarray(3)).toEqual(aligned);
    expect(Array.from(new Uint32Array(aligned.buffer))).toEqual(naiveTranspose(words, dims, perm));
  });
});

describe('InitializerStore', () => {
  const values = ramp(3 * 3 * 4 * 5);
  const kernel = float32Tensor(values, [3, 3, 4, 5]);
  const perm = [3, 2, 0, 1];

  test('a kernel held in Keras order is stored once with an equal one, transposed already or not', () => {
    const store = new InitializerStore();
    let count = 0;
    const name = () => `t${count++}`;
    const first = store.add(transposeWhenWritten(kernel, perm), name);
    expect(store.add(transposeWhenWritten(float32Tensor(values.slice(), kernel.dims), perm), name)).toBe(first);
    expect(store.add(transposeTensor(kernel, perm), name)).toBe(first);
    // The same values in another order, under the same shape, are another tensor.
    expect(store.add(float32Tensor(values, [5, 4, 3, 3]), name)).not.toBe(first);
    expect(store.add(transposeWhenWritten(kernel, [3, 2, 1, 0]), name)).not.toBe(first);
    expect(store.add(int64Tensor([1, 2]), name)).not.toBe(store.add(int64Tensor([2, 1]), name));
    expect(store.tensors.map((t) => t.name)).toEqual(['t0', 't1', 't2', 't3', 't4']);
  });

  /** A float32 tensor left in a file, counting how often all of it is read. */
  function inFile(data: Float32Array, dims: readonly number[]) {
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    const source = { reads: 0, dtype: 'float32' as const, dims, file: {
      dtype: 'float32' as const,
      read: () => data.slice(),
      withBytes: <T>(use: (b: Uint8Array) => T) => (source.reads++, use(bytes.slice())),
      leadingBytes: (count: number) => bytes.slice(0, Math.min(count, dims.at(-1)! * 4)),
      rowBytes: bytes.length / dims[0]!,
      readRange: (offset: number, target: Uint8Array) => target.set(bytes.subarray(offset, offset + target.length)),
    } };
    return source;
  }

  test('weights left in their files: told apart by their first bytes without reading them, read whole only when those match', () => {
    const store = new InitializerStore();
    let count = 0;
    const name = () => `t${count++}`;
    const dims = [3, 3, 4, 5];
    const first = inFile(values, dims);
    const equal = inFile(values.slice(), dims);
    const laterDiffers = inFile(values.map((v, i) => (i === values.length - 1 ? v + 1 : v)), dims);
    const firstDiffers = inFile(values.map((v, i) => (i === 0 ? v + 1 : v)), dims);
    const stored = store.add(transposeWhenWritten(first, perm), name);
    expect(store.add(transposeWhenWritten(equal, perm), name)).toBe(stored);
    expect(store.add(transposeWhenWritten(laterDiffers, perm), name)).not.toBe(stored);
    expect(store.add(transposeWhenWritten(firstDiffers, perm), name)).not.toBe(stored);
    expect(store.add(transposeWhenWritten(kernel, perm), name)).toBe(stored);
    expect(firstDiffers.reads).toBe(0);
    // What is written is the transposition of the file's bytes, made as it is written.
    const written = rawBytes(store.tensors[0]!.raw_data);
    expect(Array.from(new Float32Array(written.buffer))).toEqual(naiveTranspose(values, dims, perm));
  });
});

describe('the model in pieces', () => {
  const onnx = protobuf.Root.fromJSON(ONNX_DESCRIPTOR).lookupType('onnx.ModelProto');
  const names = readdirSync(new URL('../fixtures/models/', import.meta.url)).sort();

  const load = async (name: string) => (await importModel(new URL(`../fixtures/models/${name}/model.keras`, import.meta.url).pathname)).model;

  test.each(names)('%s: toOnnx gives protobufjs encoding of the whole model, writeOnnx its chunks', async (name) => {
    const model = await load(name);
    const bytes = toOnnx(model);
    expect(new Uint8Array(onnx.encode(onnx.fromObject(decodeModel(bytes))).finish())).toEqual(bytes);
    const chunks: Uint8Array[] = [];
    // Chunks are reused once write returns: keep copies.
    const length = await writeOnnx(model, (chunk) => void chunks.push(chunk.slice()));
    expect(length).toBe(bytes.length);
    expect(Buffer.concat(chunks)).toEqual(Buffer.from(bytes));
  });

  test('a large weight still in its file is written a part at a time, never read whole, into the same bytes', async () => {
    // 2400 x 1000 float32: 9.6 MB, over the 8 MiB of a part.
    const build = () => {
      // Named, so that the two builds write the same names.
      const inputs = Input({ shape: [2400], name: 'features' });
      return Model({ inputs, outputs: layers.Dense(1000, { name: 'wide' })(inputs), name: 'wide_model' });
    };
    const values = ramp(2400 * 1000);
    const bytes = new Uint8Array(values.buffer);
    const eager = build();
    const [kernel, bias] = eager.layers[1]!.weights;
    kernel!.value = values;
    bias!.value = new Float32Array(1000);
    const lazy = build();
    let wholeReads = 0;
    let partReads = 0;
    lazy.layers[1]!.weights[0]!.readLater({
      dtype: 'float32',
      read: () => (wholeReads++, values.slice()),
      withBytes: (use) => (wholeReads++, use(bytes)),
      leadingBytes: (count) => bytes.slice(0, count),
      rowBytes: 4000,
      readRange: (offset, target) => (partReads++, target.set(bytes.subarray(offset, offset + target.length))),
    });
    lazy.layers[1]!.weights[1]!.value = new Float32Array(1000);
    const chunks: Uint8Array[] = [];
    await writeOnnx(lazy, (chunk) => void chunks.push(chunk.slice()));
    // Buffer.equals: a deep equality of 9.6 MB would take a minute.
    expect(Buffer.concat(chunks).equals(toOnnx(eager))).toBe(true);
    expect([wholeReads, partReads]).toEqual([0, 2]);
  });

  test('a chunk is not touched until its write resolves, and a failed write fails writeOnnx', async () => {
    const model = await load('cnn');
    const chunks: Uint8Array[] = [];
    // Copied only when the write resolves, a chunk reused too early would show up here.
    await writeOnnx(model, async (chunk) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      chunks.push(chunk.slice());
    });
    expect(Buffer.concat(chunks)).toEqual(Buffer.from(toOnnx(model)));
    let calls = 0;
    await expect(writeOnnx(model, async () => void (calls++ > 0 && (await Promise.reject(new Error('disk full')))))).rejects.toThrow('disk full');
  });
});
