import { SymbolicTensor, type TensorSpec } from './tensor.js';

/** Python's `slice(start, stop, step)`: one entry of an index such as `x[:, 1:]`. */
export interface SliceArg {
  readonly kind: 'slice';
  readonly start: number | null;
  readonly stop: number | null;
  readonly step: number | null;
}

/** Python's `...` in an index (`x[..., 0]`). */
export interface EllipsisArg {
  readonly kind: 'ellipsis';
}

/** A non-tensor argument of an operation call; `null` is Python's `None` (also `newaxis` in an index). */
export type OpConstant = number | boolean | string | null | SliceArg | EllipsisArg;

/**
 * One positional argument of an operation call, as Keras records it in the node: a tensor, a constant,
 * or a list of them (`concatenate([a, b])`, an index tuple). `T` is `SymbolicTensor` in the graph and
 * `TensorSpec` during shape inference.
 */
export type OpArg<T = SymbolicTensor> = T | OpConstant | readonly OpArg<T>[];

export const ELLIPSIS: EllipsisArg = Object.freeze({ kind: 'ellipsis' });

/** `x[start:stop:step]`'s entry; `slice(1)` is `1:` and `slice(null, -1)` is `:-1`. */
export function slice(start: number | null = null, stop: number | null = null, step: number | null = null): SliceArg {
  return { kind: 'slice', start, stop, step };
}

export function isSliceArg(value: unknown): value is SliceArg {
  return value !== null && typeof value === 'object' && (value as { kind?: unknown }).kind === 'slice';
}

export function isEllipsisArg(value: unknown): value is EllipsisArg {
  return value !== null && typeof value === 'object' && (value as { kind?: unknown }).kind === 'ellipsis';
}

/** A tensor during shape inference: a symbolic tensor or a bare spec (never a tagged constant). */
export function isTensorSpec(value: unknown): value is TensorSpec {
  if (value instanceof SymbolicTensor) return true;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const spec = value as { shape?: unknown; dtype?: unknown; kind?: unknown };
  return spec.kind === undefined && Array.isArray(spec.shape) && typeof spec.dtype === 'string';
}

/** The same argument structure with every tensor replaced, e.g. by the spec it has in another call. */
export function mapTensors<T>(arg: OpArg, replace: (t: SymbolicTensor) => T): OpArg<T> {
  if (arg instanceof SymbolicTensor) return replace(arg);
  if (Array.isArray(arg)) return arg.map((a: OpArg) => mapTensors(a, replace));
  return arg as OpConstant;
}
