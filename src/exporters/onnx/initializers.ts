import type { TensorProto } from './onnx-schema.js';
import { ONNX_DATA_TYPE, tensorBytes, type TensorData } from './tensor-data.js';

/** FNV-1a over 32-bit words: a cheap first test of equality, confirmed byte by byte. */
function contentHash(bytes: Uint8Array): number {
  const words = bytes.byteOffset % 4 === 0 ? new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >>> 2) : new Uint32Array(bytes.slice(0, bytes.byteLength & ~3).buffer);
  let hash = 0x811c9dc5;
  for (let i = 0; i < words.length; i++) hash = Math.imul(hash ^ words[i]!, 0x01000193);
  for (let i = words.length * 4; i < bytes.length; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
  return hash >>> 0;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The graph's initializers, each stored once: a tensor equal to one already added (same type, shape
 * and bytes, such as a kernel transposed again for a second call of a shared layer, or two zero
 * biases) is given the first one's name.
 */
export class InitializerStore {
  readonly tensors: TensorProto[] = [];
  private readonly byContent = new Map<string, TensorProto[]>();

  /** The name the tensor is stored under: `name()` for a new one, or the earlier equal one's. */
  add(tensor: TensorData, name: () => string): string {
    const raw_data = tensorBytes(tensor);
    const data_type = ONNX_DATA_TYPE[tensor.dtype];
    const key = `${data_type}:${tensor.dims.join(',')}:${contentHash(raw_data)}`;
    const candidates = this.byContent.get(key) ?? [];
    const equal = candidates.find((t) => sameBytes(t.raw_data, raw_data));
    if (equal) return equal.name;
    const proto: TensorProto = { name: name(), dims: tensor.dims, data_type, raw_data };
    this.byContent.set(key, [...candidates, proto]);
    this.tensors.push(proto);
    return proto.name;
  }
}
