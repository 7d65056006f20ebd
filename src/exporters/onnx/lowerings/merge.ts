// keras/src/layers/merging/: each merge folds a binary op over its inputs left to right, after
// giving lower-rank inputs size-1 axes at position 1 (base_merge.py `_reshape_required`), which is not
// where ONNX's broadcasting would put them.
import type { ConcatenateConfig } from '../../../layers/merge.js';
import { resolveAxis } from '../../../ir/shape.js';
import type { Lowering, OnnxGraph, Value } from '../graph.js';

function sameRank(g: OnnxGraph, inputs: readonly Value[], ranks: readonly number[]): Value[] {
  const rank = Math.max(...ranks);
  return inputs.map((x, i) => (ranks[i] === rank ? x : g.unsqueeze(x, Array.from({ length: rank - ranks[i]! }, (_, k) => k + 1))));
}

function foldLowering(className: string, op: string, finish?: (g: OnnxGraph, y: Value, count: number) => Value): Lowering {
  return {
    className,
    lower(g, call, inputs) {
      const [first, ...rest] = sameRank(g, inputs, call.inputs.map((t) => t.shape.length));
      const y = rest.reduce((acc, x) => g.op(op, [acc, x]), first!);
      return [finish ? finish(g, y, inputs.length) : y];
    },
  };
}

const CONCATENATE_LOWERING: Lowering<ConcatenateConfig> = {
  className: 'Concatenate',
  lower: (g, call, inputs) => [g.op('Concat', [...inputs], { axis: resolveAxis(call.config.axis, call.outputs[0]!.shape.length) })],
};

export const MERGE_LOWERINGS = [
  foldLowering('Add', 'Add'),
  foldLowering('Subtract', 'Sub'),
  foldLowering('Multiply', 'Mul'),
  foldLowering('Maximum', 'Max'),
  foldLowering('Minimum', 'Min'),
  foldLowering('Average', 'Add', (g, sum, count) => g.op('Div', [sum, g.scalar(count)])),
  CONCATENATE_LOWERING,
];
