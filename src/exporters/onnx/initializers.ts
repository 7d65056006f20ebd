import type { DeferredBytes, TensorProto } from './onnx-schema.js';
import { ONNX_DATA_TYPE, tensorBytes, type TensorData, type TransposedTensor } from './tensor-data.js';
import { transposeInto } from './transpose.js';

/** What an initializer holds: its values as stored, and the order they are written in (`perm`, when transposed). */
interface Stored {
  readonly proto: TensorProto;
  readonly source: TensorData;
  readonly perm: readonly number[] | undefined;
  /** `multisetHash(source)`, once needed. */
  hash?: number;
}

/**
 * A hash of the elements as a multiset (a sum of mixed 32-bit words; 1-byte elements each widened to one):
 * equal for a tensor and any transposition of it, so that tensors held in different orders are compared
 * only when it matches.
 */
function multisetHash(tensor: TensorData): number {
  const bytes = tensorBytes(tensor);
  // One array type only: the loop then stays monomorphic, and fast (uint8 tensors are small masks).
  const words = tensor.data.BYTES_PER_ELEMENT === 1 ? Uint32Array.from(bytes) : new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >>> 2);
  let hash = words.length;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    hash = (hash + Math.imul(w ^ (w >>> 15), 0x2c1b3c6d)) | 0;
  }
  return hash;
}

const hashOf = (stored: Stored) => (stored.hash ??= multisetHash(stored.source));

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
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

/**
 * Whether two tensors of one type and shape hold the same values. Held alike, their stored bytes are
 * compared, which for different weights stops at the first element (a transposition is a bijection,
 * so the written bytes are equal exactly when these are); held in different orders, their written bytes
 * are made and compared when their multisets match.
 */
function sameValues(a: Stored, b: Stored): boolean {
  if (sameList(a.perm, b.perm) && sameList(a.source.dims, b.source.dims)) return sameBytes(tensorBytes(a.source), tensorBytes(b.source));
  return hashOf(a) === hashOf(b) && sameBytes(rawBytes(a.proto.raw_data), rawBytes(b.proto.raw_data));
}

function deferredTranspose({ source, perm }: TransposedTensor): DeferredBytes {
  const bytes = tensorBytes(source);
  return { byteLength: bytes.byteLength, writeInto: (target) => transposeInto(bytes, source.data.BYTES_PER_ELEMENT, source.dims, perm, target) };
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
  add(tensor: TensorData | TransposedTensor, name: () => string): string {
    const [source, perm] = 'source' in tensor ? [tensor.source, tensor.perm] : [tensor, undefined];
    const data_type = ONNX_DATA_TYPE[tensor.dtype];
    const key = `${data_type}:${tensor.dims.join(',')}`;
    let candidates = this.byShape.get(key);
    if (!candidates) this.byShape.set(key, (candidates = []));
    const raw_data = 'source' in tensor ? deferredTranspose(tensor) : tensorBytes(tensor);
    const stored: Stored = { proto: { name: '', dims: tensor.dims, data_type, raw_data }, source, perm };
    const equal = candidates.find((c) => sameValues(c, stored));
    if (equal) return equal.proto.name;
    stored.proto.name = name();
    candidates.push(stored);
    this.tensors.push(stored.proto);
    return stored.proto.name;
  }
}
