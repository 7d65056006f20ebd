import { KerasBridgeError } from '../../ir/errors.js';
import type { DType } from '../../ir/shape.js';
import type { Weight } from '../../ir/weight.js';

/** `TensorProto.DataType` codes (onnx/onnx.proto) of the Keras dtypes. */
export const ONNX_DATA_TYPE = {
  float32: 1, uint8: 2, int8: 3, uint16: 4, int16: 5, int32: 6, int64: 7, string: 8, bool: 9, float16: 10,
  float64: 11, uint32: 12, uint64: 13, bfloat16: 16,
} as const satisfies Record<DType, number>;

/** The element types constants and weights are written in. */
export type TensorDType = 'float32' | 'int32' | 'int64' | 'uint8';

interface ArrayOf {
  float32: Float32Array;
  int32: Int32Array;
  int64: BigInt64Array;
  uint8: Uint8Array;
}

/** A constant's values, row-major, with its shape: what becomes an initializer. */
export type TensorData = {
  [D in TensorDType]: { readonly dtype: D; readonly dims: readonly number[]; readonly data: ArrayOf[D] };
}[TensorDType];

export function float32Tensor(values: ArrayLike<number>, dims: readonly number[] = [values.length]): TensorData {
  return { dtype: 'float32', dims, data: Float32Array.from(values) };
}

export function int64Tensor(values: readonly number[]): TensorData {
  return { dtype: 'int64', dims: [values.length], data: BigInt64Array.from(values, (v) => BigInt(v)) };
}

function dtypeOf(value: NonNullable<Weight['value']>): TensorDType {
  if (value instanceof Float32Array) return 'float32';
  if (value instanceof Int32Array) return 'int32';
  if (value instanceof BigInt64Array) return 'int64';
  return 'uint8';
}

/** A layer variable's values; a model built in TypeScript has none until weights are loaded. */
export function weightTensor(weight: Weight, layerName: string): TensorData {
  const value = weight.value;
  if (!value) {
    throw new KerasBridgeError(
      'INVALID_ARGUMENT',
      `Weight '${weight.path}' of layer '${layerName}' has no value, so it cannot be written to ONNX. ` +
        'Load the model from a Keras file, or assign every weight.value before exporting.',
      { layer: layerName },
    );
  }
  return { dtype: dtypeOf(value), dims: weight.shape, data: value } as TensorData;
}

/** The same values with axes reordered: `perm[i]` is the source axis of result axis `i`, as ONNX `Transpose`. */
export function transposeTensor(tensor: TensorData, perm: readonly number[]): TensorData {
  const dims = perm.map((p) => tensor.dims[p]!);
  const sourceStrides = stridesOf(tensor.dims);
  // Size-1 axes do not change the order; without them a 1x1 kernel is a plain matrix transpose.
  const axes = perm.flatMap((p, i) => (dims[i] === 1 ? [] : [{ size: dims[i]!, stride: sourceStrides[p]! }]));
  const inner = axes.pop() ?? { size: 1, stride: 1 };
  const source = tensor.data as ArrayLike<number | bigint>;
  // A fresh array of the same type: every element is written below, so copying the source first is wasted.
  const data = new (tensor.data.constructor as new (length: number) => typeof tensor.data)(tensor.data.length);
  const out = data as unknown as { [i: number]: number | bigint };
  const index = axes.map(() => 0);
  for (let i = 0, from = 0; i < source.length; i += inner.size) {
    for (let j = 0; j < inner.size; j++) out[i + j] = source[from + j * inner.stride]!;
    // Odometer over the outer result axes, keeping `from` the matching offset in the source.
    for (let a = axes.length - 1; a >= 0; a--) {
      from += axes[a]!.stride;
      if (++index[a]! < axes[a]!.size) break;
      from -= axes[a]!.stride * axes[a]!.size;
      index[a] = 0;
    }
  }
  return { ...tensor, dims, data } as TensorData;
}

function stridesOf(dims: readonly number[]): number[] {
  const strides = dims.map(() => 1);
  for (let i = dims.length - 2; i >= 0; i--) strides[i] = strides[i + 1]! * dims[i + 1]!;
  return strides;
}

/** Element bytes as ONNX `raw_data` stores them: little-endian, which is what typed arrays hold on every JS platform. */
export function tensorBytes(tensor: TensorData): Uint8Array {
  const { buffer, byteOffset, byteLength } = tensor.data;
  return new Uint8Array(buffer, byteOffset, byteLength);
}
