// Operations compute in the dtype Keras' type promotion gives (src/ops/dtypes.ts), so their lowerings
// cast, write constants of that dtype, and work around the element types onnxruntime has no CPU kernel for.
import { KerasBridgeError } from '../../../ir/errors.js';
import { isTensorSpec, type OpArg } from '../../../ir/op-args.js';
import type { DType } from '../../../ir/shape.js';
import { operandArg } from '../../../ops/common.js';
import { resultType } from '../../../ops/dtypes.js';
import type { OnnxGraph, Value } from '../graph.js';
import { ONNX_DATA_TYPE, type TensorData } from '../tensor-data.js';
import type { OpTensor } from './op-call.js';

export const isFloat = (dtype: DType): boolean => dtype.startsWith('float') || dtype === 'bfloat16';

export function cast(g: OnnxGraph, x: Value, from: DType, to: DType): Value {
  return from === to ? x : g.op('Cast', [x], { to: ONNX_DATA_TYPE[to] });
}

/**
 * `value` as a scalar of `dtype`. Initializers are written in the four types tensor-data holds; any
 * other dtype is one of them cast in the graph, which onnxruntime folds when it loads the model.
 */
export function scalarOf(g: OnnxGraph, value: number, dtype: DType): Value {
  let tensor: TensorData | undefined;
  if (dtype === 'float32') tensor = { dtype, dims: [], data: Float32Array.of(value) };
  else if (dtype === 'int32') tensor = { dtype, dims: [], data: Int32Array.of(Math.trunc(value)) };
  else if (dtype === 'int64') tensor = { dtype, dims: [], data: BigInt64Array.of(BigInt(Math.trunc(value))) };
  else if (dtype === 'uint8') tensor = { dtype, dims: [], data: Uint8Array.of(Math.trunc(value)) };
  if (tensor) return g.constant(tensor);
  if (dtype === 'string') throw new KerasBridgeError('INVALID_ARGUMENT', 'String tensors cannot be exported to ONNX.');
  const stored = isFloat(dtype) || dtype === 'bool' ? 'float32' : 'int64';
  return cast(g, scalarOf(g, value, stored), stored, dtype);
}

/** The dtype Keras converts the operands of an element-wise call to before computing; Python scalars are weakly typed. */
export const promoted = (...args: OpArg<OpTensor>[]): DType => resultType(...args.map((a, i) => operandArg(a, `x${i + 1}`).dtype));

/** A tensor or Python scalar argument as a value of `dtype` (Keras' `convert_to_tensor(x, dtype)`). */
export function operand(g: OnnxGraph, arg: OpArg<OpTensor>, dtype: DType): Value {
  if (isTensorSpec(arg)) return cast(g, arg.value, arg.dtype, dtype);
  if (typeof arg === 'number' || typeof arg === 'boolean') return scalarOf(g, Number(arg), dtype);
  throw new KerasBridgeError('INVALID_ARGUMENT', `Expected a tensor or a number, but got ${JSON.stringify(arg)}.`);
}

// The element types onnxruntime 1.30's CPU kernels take in every opset from 13 to 21, measured op by
// op; an op not listed takes every numeric type but bool (Mod, Abs, Sign, Clip, Greater, Less, ...).
const FLOATS: readonly DType[] = ['float32', 'float16', 'float64'];
const WIDE: readonly DType[] = [...FLOATS, 'int32', 'int64'];
const ORDERED: readonly DType[] = [...WIDE, 'int8', 'uint8'];
const LOGICAL: readonly DType[] = ['bool'];
const KERNEL_TYPES: Readonly<Record<string, readonly DType[]>> = {
  ...Object.fromEntries(['Exp', 'Log', 'Sqrt', 'Floor', 'Ceil', 'Sin', 'Cos', 'Tanh', 'Reciprocal', 'Round'].map((op) => [op, FLOATS])),
  ...Object.fromEntries(['Pow', 'ReduceSum', 'ReduceProd', 'ReduceMean', 'MatMul'].map((op) => [op, WIDE])),
  ...Object.fromEntries(['ReduceMax', 'ReduceMin', 'ArgMax', 'ArgMin'].map((op) => [op, ORDERED])),
  // Their 8- and 16-bit kernels start at opset 14.
  ...Object.fromEntries(['Add', 'Sub', 'Mul', 'Div'].map((op) => [op, [...WIDE, 'uint32', 'uint64']])),
  Max: [...ORDERED, 'uint32', 'uint64'],
  Min: [...ORDERED, 'uint32', 'uint64'],
  Neg: [...WIDE, 'int8', 'int16'],
  Where: [...WIDE, 'uint8'],
  Erf: ['float32', 'float16'],
  Equal: [...ORDERED, 'int16', 'uint16', 'uint32', 'uint64', 'bool'],
  And: LOGICAL,
  Or: LOGICAL,
  Not: LOGICAL,
};

const hasKernel = (op: string, dtype: DType) =>
  KERNEL_TYPES[op]?.includes(dtype) ?? !['bool', 'bfloat16', 'string'].includes(dtype);

/** The type an op runs in when its own lacks a kernel: float32 for floats, a signed integer wide enough otherwise. */
function widened(op: string, dtype: DType): DType {
  if (isFloat(dtype) || !hasKernel(op, 'int32')) return 'float32';
  return ['uint32', 'uint64', 'int64'].includes(dtype) ? 'int64' : 'int32';
}

/**
 * `build(inputs, dtype)` for an ONNX op on inputs of `dtype`, or, where onnxruntime has no kernel for
 * that type, on the inputs widened; a result in the widened type is cast back to `dtype`
 * (`sameType`), a boolean one (comparisons) is left as it is.
 */
export function inKernelType(
  g: OnnxGraph,
  op: string,
  dtype: DType,
  inputs: readonly Value[],
  build: (inputs: Value[], dtype: DType) => Value,
  sameType = true,
): Value {
  if (hasKernel(op, dtype)) return build([...inputs], dtype);
  const wide = widened(op, dtype);
  const y = build(inputs.map((x) => cast(g, x, dtype, wide)), wide);
  return sameType ? cast(g, y, wide, dtype) : y;
}
