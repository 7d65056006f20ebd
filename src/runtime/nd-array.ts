import type { Shape } from '../ir/shape.js';

/** The element types a model's inputs and outputs may have (onnxruntime's numeric tensor types). */
export type NdArrayDType = 'float32' | 'float64' | 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'int64' | 'uint64' | 'bool';

/** The typed array holding each dtype; `bool` is one byte per element, as in onnxruntime and NumPy. */
export const ARRAY_TYPES = {
  float32: Float32Array, float64: Float64Array, int8: Int8Array, uint8: Uint8Array, int16: Int16Array, uint16: Uint16Array,
  int32: Int32Array, uint32: Uint32Array, int64: BigInt64Array, uint64: BigUint64Array, bool: Uint8Array,
} as const satisfies Record<NdArrayDType, unknown>;

export type TypedArray = InstanceType<(typeof ARRAY_TYPES)[NdArrayDType]>;

/** A tensor's values in row-major (C) order, with its shape and element type: what `predict()` returns. */
export interface NdArray {
  readonly data: TypedArray;
  readonly shape: readonly number[];
  readonly dtype: NdArrayDType;
}

/** A model input or output as the graph declares it; `null` marks a dimension fixed only at run time (the batch). */
export interface IOSpec {
  readonly name: string;
  readonly shape: Shape;
  readonly dtype: NdArrayDType;
}

export function isNdArrayDType(dtype: string): dtype is NdArrayDType {
  return Object.hasOwn(ARRAY_TYPES, dtype);
}

export function isTypedArray(value: unknown): value is TypedArray {
  return Object.values(ARRAY_TYPES).some((type) => value instanceof type);
}

/** The dtype a typed array holds by itself; a `Uint8Array` reads as uint8 unless its owner says bool. */
export function dtypeOfArray(data: TypedArray): NdArrayDType {
  return (Object.keys(ARRAY_TYPES) as NdArrayDType[]).find((dtype) => data instanceof ARRAY_TYPES[dtype])!;
}

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((product, d) => product * d, 1);
}
