// Keras' masked recurrence (keras/src/backend/tensorflow/rnn.py): a masked step leaves the states as
// they were, and outputs the last output again (zeros before the first kept step), or zeros with
// `zero_output_for_mask`. The ONNX ops only skip steps at the end of a row (`sequence_lens`), so each
// row's kept steps are moved to the front, in order, the op runs over them alone, and its outputs are
// put back at the positions Keras gives them. That is exact for masks of any pattern: pre-padding,
// post-padding or holes in the middle. A row with no kept step has length 0, for which onnxruntime
// returns zero states and outputs, Keras' zero initial states (measured, onnxruntime 1.30).
import type { OnnxGraph, Value } from '../graph.js';
import { ONNX_DATA_TYPE } from '../tensor-data.js';

/** A batch whose kept steps come first in each row. */
export interface CompactedSteps {
  /** The batch-first input, each row's kept steps first and in order. */
  readonly x: Value;
  /** Kept steps per row: the op's `sequence_lens` (int32, batch). */
  readonly lengths: Value;
  /** The mask (bool, batch × steps). */
  readonly mask: Value;
  /** Kept steps up to and including each step (int64, batch × steps). */
  readonly keptSoFar: Value;
  /** Kept steps per row (int64, batch × 1). */
  readonly kept: Value;
}

/** How a layer reads its steps: backwards (`go_backwards`), and what it outputs at a masked one. */
export interface Reading {
  readonly reverse: boolean;
  readonly zeroOutputForMask: boolean;
}

/** Step indices (batch × steps) repeated over the features of `like`, for the element-wise gathers and scatters along axis 1. */
const overFeatures = (g: OnnxGraph, indices: Value, like: Value) => g.op('Expand', [g.unsqueeze(indices, [2]), g.op('Shape', [like])]);

/** Moves each row's kept steps of the batch-first `x` to the front: step t goes to `keptSoFar - 1`, a masked one after all the kept ones. */
export function compactSteps(g: OnnxGraph, x: Value, mask: Value): CompactedSteps {
  const counted = (b: Value) => g.op('CumSum', [g.op('Cast', [b], { to: ONNX_DATA_TYPE.int64 }), g.int64s([1])]);
  const keptSoFar = counted(mask);
  const droppedSoFar = counted(g.op('Not', [mask]));
  const perRow = g.reduce('ReduceSum', g.op('Cast', [mask], { to: ONNX_DATA_TYPE.int64 }), [1], false);
  const kept = g.unsqueeze(perRow, [1]);
  const one = g.int64s([1]);
  const destination = g.op('Where', [mask, g.op('Sub', [keptSoFar, one]), g.op('Sub', [g.op('Add', [kept, droppedSoFar]), one])]);
  const moved = g.op('ScatterElements', [x, overFeatures(g, destination, x), x], { axis: 1 });
  return { x: moved, lengths: g.op('Cast', [perRow], { to: ONNX_DATA_TYPE.int32 }), mask, keptSoFar, kept };
}

/**
 * One direction's batch-first outputs over the compacted steps, back at the input's step positions:
 * each step gets the output of the last kept step read so far in the direction's order (the step
 * itself when kept), zeros before any; or, with `zeroOutputForMask`, zeros on every masked step.
 */
export function expandSteps(g: OnnxGraph, y: Value, compacted: CompactedSteps, direction: Reading): Value {
  const { keptSoFar, kept, mask } = compacted;
  // Forwards, the last kept step at or before t is the keptSoFar-th (index keptSoFar - 1); backwards, the
  // first at or after t has as many kept steps before it as t has.
  const index = direction.reverse
    ? g.op('Sub', [keptSoFar, g.op('Cast', [mask], { to: ONNX_DATA_TYPE.int64 })])
    : g.op('Sub', [keptSoFar, g.int64s([1])]);
  const valid = direction.zeroOutputForMask
    ? mask
    : direction.reverse
      ? g.op('Less', [index, kept])
      : g.op('Greater', [keptSoFar, g.int64s([0])]);
  const gathered = g.op('GatherElements', [y, overFeatures(g, index, y)], { axis: 1 });
  return g.op('Where', [g.unsqueeze(valid, [2]), gathered, g.scalar(0)]);
}

/** The output of the last step read, from the final state: zeros where that step is masked and the layer outputs zeros there. */
export function lastOutput(g: OnnxGraph, state: Value, compacted: CompactedSteps, direction: Reading): Value {
  if (!direction.zeroOutputForMask) return state;
  const last = direction.reverse ? 0 : -1;
  const read = g.op('Gather', [compacted.mask, g.int64s([last])], { axis: 1 });
  return g.op('Where', [read, state, g.scalar(0)]);
}
