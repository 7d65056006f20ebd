import { isEllipsisArg, isSliceArg, type OpArg } from '../../../ir/op-args.js';
import type { TensorSpec } from '../../../ir/tensor.js';
import { GetItem } from '../../../ops/slicing.js';
import type { OpLowering, OpTensor } from './op-call.js';

// ONNX Slice clamps starts and ends as Python's slice.indices() does, negative steps included; an
// end this far out stands for "past the last element" in either direction.
const END = Number.MAX_SAFE_INTEGER;

interface IndexPlan {
  /** One entry per sliced input axis. */
  readonly slices: { axis: number; start: number; end: number; step: number }[];
  /** Input axes indexed by an int, dropped after slicing. */
  readonly dropped: number[];
  /** Output axes that `None` (numpy's newaxis) inserts. */
  readonly inserted: number[];
}

/**
 * `x[key]` as one Slice, a Squeeze of the int-indexed axes and an Unsqueeze for each newaxis: the
 * walk over the key that src/ops/slicing.ts checks, with an ellipsis standing for the axes the
 * entries after it leave (and one implied at the end).
 */
function plan(x: TensorSpec, key: OpArg<TensorSpec>): IndexPlan {
  const entries: OpArg<TensorSpec>[] = Array.isArray(key) ? [...key] : [key];
  if (!entries.some(isEllipsisArg)) entries.push({ kind: 'ellipsis' });
  const result: IndexPlan = { slices: [], dropped: [], inserted: [] };
  let axis = 0;
  let out = 0;
  entries.forEach((entry, i) => {
    if (entry === null) {
      result.inserted.push(out++);
    } else if (isEllipsisArg(entry)) {
      const after = entries.slice(i + 1).filter((e) => e !== null).length;
      const skipped = x.shape.length - axis - after;
      axis += skipped;
      out += skipped;
    } else if (isSliceArg(entry)) {
      const step = entry.step ?? 1;
      const [from, to] = step > 0 ? [0, END] : [-1, -END];
      result.slices.push({ axis: axis++, start: entry.start ?? from, end: entry.stop ?? to, step });
      out++;
    } else {
      const index = entry as number;
      result.slices.push({ axis, start: index, end: index === -1 ? END : index + 1, step: 1 });
      result.dropped.push(axis++);
    }
  });
  return result;
}

/** `x[key]`, which Keras 3 records as GetItem with args `[x, key]` and tf.keras 2 as `__operators__.getitem`. */
export const GET_ITEM_LOWERING: OpLowering<Record<never, never>> = {
  definition: GetItem,
  lower(g, call) {
    const x = call.args[0] as OpTensor;
    const { slices, dropped, inserted } = plan(x, call.args[1] ?? null);
    const active = slices.filter((s) => !(s.start === 0 && s.end === END && s.step === 1));
    const field = (name: 'axis' | 'start' | 'end' | 'step') => g.int64s(active.map((s) => s[name]));
    let y = active.length === 0 ? x.value : g.op('Slice', [x.value, field('start'), field('end'), field('axis'), field('step')]);
    if (dropped.length > 0) y = g.op('Squeeze', [y, g.int64s(dropped)]);
    return [inserted.length > 0 ? g.unsqueeze(y, inserted) : y];
  },
};
