import { KerasBridgeError } from '../ir/errors.js';
import { isTensorSpec, type OpArg } from '../ir/op-args.js';
import { formatShape, type Dim, type Shape } from '../ir/shape.js';
import type { TensorSpec } from '../ir/tensor.js';
import type { DTypeOperand } from './dtypes.js';

/** An argument of a numpy-like operation: a tensor, or a Python scalar seen as a rank-0 weakly typed value. */
export interface Operand {
  readonly shape: Shape;
  readonly dtype: DTypeOperand;
}

function describe(arg: unknown): string {
  return JSON.stringify(arg)?.slice(0, 80) ?? String(arg);
}

/** The tensor argument `name`; anything else is an error. */
export function tensorArg(arg: OpArg<TensorSpec> | undefined, name: string): TensorSpec {
  if (!isTensorSpec(arg)) throw new KerasBridgeError('INVALID_ARGUMENT', `Argument \`${name}\` must be a tensor. Received: ${describe(arg)}.`);
  return arg;
}

/** A list of tensors (`concatenate([a, b])`); a single tensor is not a list. */
export function tensorListArg(arg: OpArg<TensorSpec> | undefined, name: string): TensorSpec[] {
  if (!Array.isArray(arg) || arg.length === 0) {
    throw new KerasBridgeError('INVALID_ARGUMENT', `Argument \`${name}\` must be a non-empty list of tensors. Received: ${describe(arg)}.`);
  }
  return arg.map((a: OpArg<TensorSpec>, i) => tensorArg(a, `${name}[${i}]`));
}

/**
 * A tensor or a scalar. A JSON number says nothing of Python's int or float, so an integral value
 * reads as an int: `int_tensor * 2.0` infers int32 where Keras says float32.
 */
export function operandArg(arg: OpArg<TensorSpec> | undefined, name: string): Operand {
  if (typeof arg === 'number') return { shape: [], dtype: Number.isInteger(arg) ? 'int' : 'float' };
  if (typeof arg === 'boolean') return { shape: [], dtype: 'bool' };
  return tensorArg(arg, name);
}

/**
 * Keras' `broadcast_shapes` (ops/operation_utils.py), which is not symmetric in unknown dims: an
 * unknown dim against a known one takes the known one unless that is 1.
 */
export function broadcastShapes(a: Shape, b: Shape): Dim[] {
  const rank = Math.max(a.length, b.length);
  const pad = (s: Shape) => [...Array<Dim>(rank - s.length).fill(1), ...s];
  const [x, y] = [pad(a), pad(b)];
  return x.map((d, i) => {
    const e = y[i]!;
    if (d === 1) return e;
    if (d === null) return e === 1 ? null : e;
    if (e === 1 || e === null || e === d) return d;
    throw new KerasBridgeError(
      'INCOMPATIBLE_SHAPES',
      `Cannot broadcast shape, the failure dim has value ${d}, which cannot be broadcasted to ${e}. Input shapes are: ${formatShape(a)} and ${formatShape(b)}.`,
    );
  });
}

/** Python's index rule for an axis of a tensor of this rank, with Keras' error. */
export function canonicalizeAxis(axis: number, rank: number): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new KerasBridgeError('INVALID_ARGUMENT', `axis ${axis} is out of bounds for an array of dimension ${rank}.`);
  }
  return axis < 0 ? axis + rank : axis;
}

/** An `axis` option that is one int, a list of ints or null (all axes). */
export type Axes = number | readonly number[] | null;

export function axisList(axis: Axes, rank: number): number[] | null {
  if (axis === null) return null;
  return (typeof axis === 'number' ? [axis] : [...axis]).map((a) => canonicalizeAxis(a, rank));
}

/** Keras' `reduce_shape`: the shape left by a reduction over `axis`. */
export function reduceShape(shape: Shape, axis: Axes, keepdims: boolean): Dim[] {
  const axes = axisList(axis, shape.length);
  if (axes === null) return keepdims ? shape.map(() => 1) : [];
  return keepdims ? shape.map((d, i) => (axes.includes(i) ? 1 : d)) : shape.filter((_, i) => !axes.includes(i));
}
