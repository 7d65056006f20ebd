import type { DeferredBytes, TensorProto } from './onnx-schema.js';
import { ONNX_DATA_TYPE, elementBytes, tensorBytes, withTensorBytes, type TensorSource, type TransposedTensor } from './tensor-data.js';
import { transposeInto } from './transpose.js';

/** What an initializer holds: its values as stored, and the order they are written in (`perm`, when transposed). */
interface Stored {
  readonly proto: TensorProto;
  readonly source: TensorSource;
  readonly perm: readonly number[] | undefined;
  /** `multisetHash(source)`, once needed. */
  hash?: number;
  /** The first bytes of `source`, once needed. */
  leading?: Uint8Array;
}

/**
 * A hash of the elements as a multiset (a sum of mixed 32-bit words; 1-byte elements each widened to one):
 * equal for a tensor and any transposition of it, so that tensors held in different orders are compared
 * only when it matches.
 */
function multisetHash(bytes: Uint8Array, elementBytes: number): number {
  // One array type only: the loop then stays monomorphic, and fast (uint8 tensors are small masks).
  const words = elementBytes === 1 ? Uint32Array.from(bytes) : new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >>> 2);
  let hash = words.length;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    hash = (hash + Math.imul(w ^ (w >>> 15), 0x2c1b3c6d)) | 0;
  }
  return hash;
}

const hashOf = (stored: Stored) => (stored.hash ??= withTensorBytes(stored.source, (bytes) => multisetHash(bytes, elementBytes(stored.source))));

/** Enough of a weight left in its file to tell it from most others without reading it. */
const LEADING_BYTES = 64;

const leadingOf = (stored: Stored) =>
  (stored.leading ??= 'file' in stored.source ? stored.source.file.leadingBytes(LEADING_BYTES) : tensorBytes(stored.source).subarray(0, LEADING_BYTES));

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && samePrefix(a, b);
}

/** Whether the shorter one starts the longer one. */
function samePrefix(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0, n = Math.min(a.length, b.length); i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

const sameList = (a: readonly number[] | undefined, b: readonly number[] | undefined) => a === b || (a !== undefined && b !== undefined && a.length === b.length && a.every((x, i) => x === b[i]));

/** The bytes as written; a transposed tensor's are made into a fresh array (comparisons of differently stored tensors only). */
export function rawBytes(raw: Uint8Array | DeferredBytes): Uint8Array {
  if (raw instanceof Uint8Array) return raw;
  const bytes = new Uint8Array(raw.byteLength);
  raw.writeInto(bytes);
  return bytes;
}

/** A tensor's bytes in memory: a weight still in its file is read into a new array. */
const bytesInMemory = (tensor: TensorSource) => ('file' in tensor ? tensor.file.withBytes((bytes) => bytes.slice()) : tensorBytes(tensor));

/** Whether two tensors held alike hold the same bytes; weights still in their files are read only when their first bytes match. */
function sameStoredBytes(a: Stored, b: Stored): boolean {
  if ('file' in a.source && 'file' in b.source && a.source.file === b.source.file) return true;
  if (('file' in a.source || 'file' in b.source) && !samePrefix(leadingOf(a), leadingOf(b))) return false;
  // One side is taken into memory first: a file's bytes are valid only while no other weight is read.
  const first = bytesInMemory(a.source);
  return withTensorBytes(b.source, (second) => sameBytes(first, second));
}

/**
 * Whether two tensors of one type and shape hold the same values. Held alike, their stored bytes are
 * compared, which for different weights stops at the first element (a transposition is a bijection,
 * so the written bytes are equal exactly when these are); held in different orders, their written bytes
 * are made and compared when their multisets match.
 */
function sameValues(a: Stored, b: Stored): boolean {
  if (sameList(a.perm, b.perm) && sameList(a.source.dims, b.source.dims)) return sameStoredBytes(a, b);
  return hashOf(a) === hashOf(b) && sameBytes(rawBytes(a.proto.raw_data), rawBytes(b.proto.raw_data));
}

const ROW_BYTES_FOR_PARTS = 2 ** 20;

/**
 * The bytes of `source` made as they are written: from a weight's file straight into the output, and
 * transposed on the way when `perm` is given.
 */
function deferredBytes(source: TensorSource, perm: readonly number[] | undefined): DeferredBytes {
  const size = elementBytes(source);
  const deferred = {
    byteLength: source.dims.reduce((n, d) => n * d, size),
    writeInto: (target: Uint8Array) => withTensorBytes(source, (bytes) => (perm ? transposeInto(bytes, size, source.dims, perm, target) : target.set(bytes))),
  };
  // A part is read as the rows that hold it: rows this small cost little more than the part itself.
  if (perm || !('file' in source) || source.file.rowBytes > ROW_BYTES_FOR_PARTS) return deferred;
  const { file } = source;
  return { ...deferred, writeRange: (offset, target) => file.readRange(offset, target) };
}

/**
 * The graph's initializers, each stored once: a tensor equal to one already added (same type, shape
 * and values, such as a kernel transposed again for a second call of a shared layer, or two zero
 * biases) is given the first one's name.
 */
export class InitializerStore {
  readonly tensors: TensorProto[] = [];
  private readonly byShape = new Map<string, Stored[]>();

  /** The name the tensor is stored under: `name()` for a new one, or the earlier equal one's. */
  add(tensor: TensorSource | TransposedTensor, name: () => string): string {
    const [source, perm] = 'source' in tensor ? [tensor.source, tensor.perm] : [tensor, undefined];
    const data_type = ONNX_DATA_TYPE[tensor.dtype];
    const key = `${data_type}:${tensor.dims.join(',')}`;
    let candidates = this.byShape.get(key);
    if (!candidates) this.byShape.set(key, (candidates = []));
    const raw_data = 'file' in source || perm ? deferredBytes(source, perm) : tensorBytes(source);
    const stored: Stored = { proto: { name: '', dims: tensor.dims, data_type, raw_data }, source, perm };
    const equal = candidates.find((c) => sameValues(c, stored));
    if (equal) return equal.proto.name;
    stored.proto.name = name();
    candidates.push(stored);
    this.tensors.push(stored.proto);
    return stored.proto.name;
  }
}
