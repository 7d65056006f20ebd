import { KerasBridgeError } from '../ir/errors.js';
import { isEllipsisArg, isSliceArg, type OpArg, type SliceArg } from '../ir/op-args.js';
import type { OperationDefinition } from '../ir/operation.js';
import { formatShape, type Dim, type Shape } from '../ir/shape.js';
import type { TensorSpec } from '../ir/tensor.js';
import { tensorArg } from './common.js';

/** `len(range(*slice.indices(length)))`: how many elements Python's slice takes from a dim of this length. */
function sliceLength({ start, stop, step }: SliceArg, length: number): number {
  const s = step ?? 1;
  if (s === 0) throw new KerasBridgeError('INVALID_ARGUMENT', 'slice step cannot be zero.');
  const clamp = (v: number | null, fallback: number) => {
    if (v === null) return fallback;
    const i = v < 0 ? v + length : v;
    return s > 0 ? Math.min(Math.max(i, 0), length) : Math.min(Math.max(i, -1), length - 1);
  };
  const [from, to] = s > 0 ? [clamp(start, 0), clamp(stop, length)] : [clamp(start, length - 1), clamp(stop, -1)];
  return Math.max(0, Math.ceil((to - from) / s));
}

/**
 * Keras' `GetItem.compute_output_spec`: `x[key]` where the key holds ints, slices, one ellipsis and
 * `null` (numpy's newaxis). Without an ellipsis, the remaining dims are kept.
 */
function indexShape(shape: Shape, key: OpArg<TensorSpec>): Dim[] {
  const fail = (why: string) => new KerasBridgeError('INVALID_ARGUMENT', `Array has shape ${formatShape(shape)} but ${why}. Received: \`${JSON.stringify(key)}\`.`);
  // Keras takes an int or a tuple/list of entries; a bare slice, ellipsis or None is refused.
  if (!Array.isArray(key) && !Number.isInteger(key)) throw new KerasBridgeError('INVALID_ARGUMENT', `Unsupported key type for array slice. Received: \`${JSON.stringify(key)}\`. Pass a list of index entries.`);
  const entries: OpArg<TensorSpec>[] = Array.isArray(key) ? [...key] : [key];
  const ellipses = entries.filter(isEllipsisArg).length;
  if (ellipses > 1) throw fail('the slice has more than one ellipsis');
  if (ellipses === 0) entries.push({ kind: 'ellipsis' });
  const remaining = [...shape];
  const out: Dim[] = [];
  entries.forEach((entry, i) => {
    if (isEllipsisArg(entry)) {
      const needed = entries.slice(i + 1).filter((e) => e !== null).length;
      out.push(...remaining.splice(0, remaining.length - needed));
    } else if (entry === null) {
      out.push(1);
    } else {
      if (remaining.length === 0) throw fail('the slice has too many indices');
      const length = remaining.shift()!;
      if (typeof entry === 'number' && Number.isInteger(entry)) {
        const index = entry < 0 && length !== null ? entry + length : entry;
        if (length !== null && (index < 0 || index >= length)) throw fail(`an out-of-bounds index ${entry} was requested`);
      } else if (isSliceArg(entry)) {
        out.push(length === null ? null : sliceLength(entry, length));
      } else {
        throw new KerasBridgeError('INVALID_ARGUMENT', `Unsupported key type for array slice: ${JSON.stringify(entry)}. Use ints, slices, an ellipsis or null.`);
      }
    }
  });
  return out;
}

/** `x[key]`, which Keras 3 records as the operation GetItem with args `[x, key]`. */
export const GetItem: OperationDefinition<Record<never, never>> = {
  className: 'GetItem',
  module: 'keras.src.ops.numpy',
  args: ['x', 'key'],
  defaults: {},
  outputSpecs(_c, [x, key]) {
    const t = tensorArg(x, 'x');
    return [{ shape: indexShape(t.shape, key ?? null), dtype: t.dtype }];
  },
  tf: { functions: ['__operators__.getitem'], args: ['tensor', 'slice_spec'] },
};
