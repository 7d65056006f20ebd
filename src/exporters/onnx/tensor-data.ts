import { KerasBridgeError } from '../../ir/errors.js';
import type { DType } from '../../ir/shape.js';
import type { Weight, WeightInFile, WeightValue } from '../../ir/weight.js';
import { transposeInto } from './transpose.js';

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

const ELEMENT_BYTES = { float32: 4, int32: 4, int64: 8, uint8: 1 } as const satisfies Record<TensorDType, number>;

export const elementBytes = (tensor: { dtype: TensorDType }) => ELEMENT_BYTES[tensor.dtype];

function dtypeOf(value: WeightValue): TensorDType {
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

/** A weight left in its file (`importModel`'s `lazyWeights`): its values go from the file to the output as it is written. */
export interface TensorInFile {
  readonly dtype: TensorDType;
  readonly dims: readonly number[];
  readonly file: WeightInFile;
}

/** What an initializer is made from: values in memory, or a weight still in its file. */
export type TensorSource = TensorData | TensorInFile;

/**
 * A weight as an initializer's values, read in the shape `dims` (the stored order, another shape): from
 * its file as the model is written when it is still there, else from memory.
 */
export function weightSource(weight: Weight, layerName: string, dims: readonly number[] = weight.shape): TensorSource {
  const file = weight.fileSource;
  if (file) return { dtype: file.dtype, dims, file };
  return { ...weightTensor(weight, layerName), dims } as TensorData;
}

/** Hands a tensor's little-endian bytes to `use`; a weight still in its file is read for the call only. */
export function withTensorBytes<T>(tensor: TensorSource, use: (bytes: Uint8Array) => T): T {
  return 'file' in tensor ? tensor.file.withBytes(use) : use(tensorBytes(tensor));
}

/** The same values with axes reordered: `perm[i]` is the source axis of result axis `i`, as ONNX `Transpose`. */
export function transposeTensor(tensor: TensorData, perm: readonly number[]): TensorData {
  const data = new (tensor.data.constructor as new (length: number) => typeof tensor.data)(tensor.data.length);
  transposeInto(tensorBytes(tensor), tensor.data.BYTES_PER_ELEMENT, tensor.dims, perm, new Uint8Array(data.buffer));
  return { ...tensor, dims: perm.map((p) => tensor.dims[p]!), data } as TensorData;
}

/**
 * `source` with its axes reordered by `perm`, transposed only as the model is written, one tensor at a
 * time: a large model's kernels then never exist twice in memory, in Keras' order and in ONNX's.
 */
export interface TransposedTensor {
  readonly dtype: TensorDType;
  readonly dims: readonly number[];
  readonly source: TensorSource;
  readonly perm: readonly number[];
}

/** `source` transposed by `perm` (as `transposeTensor`), once the model is written. */
export function transposeWhenWritten(source: TensorSource, perm: readonly number[]): TransposedTensor {
  return { dtype: source.dtype, dims: perm.map((p) => source.dims[p]!), source, perm };
}

/** Element bytes as ONNX `raw_data` stores them: little-endian, which is what typed arrays hold on every JS platform. */
export function tensorBytes(tensor: TensorData): Uint8Array {
  const { buffer, byteOffset, byteLength } = tensor.data;
  return new Uint8Array(buffer, byteOffset, byteLength);
}
