import { scatterPerAxis } from './perm.js';
import { pushPast, readBefore, sharedPerm, type LayoutRule } from './rule.js';

/**
 * Pad's constant `pads` (all begins, then all ends, one per axis) reordered to the axes before the
 * Transpose. Every mode pads each axis on its own. A Pad with `axes` (opset 18) is left alone.
 */
export const PUSH_PAD: LayoutRule<{ perm: number[]; pads: number[] }> = {
  pattern: ['Pad'],
  check(g, node) {
    const pads = g.numbers(node.input[1]!);
    const perm = sharedPerm(g, node, [0]);
    return pads && perm && !node.input[3] ? { perm, pads } : undefined;
  },
  rewrite(g, node, { perm, pads }) {
    const inputs = readBefore(g, node, perm, [0]);
    const rank = perm.length;
    inputs[1] = g.constantLike(node.input[1]!, [...scatterPerAxis(pads.slice(0, rank), perm), ...scatterPerAxis(pads.slice(rank), perm)]);
    pushPast(g, node, inputs, perm);
  },
};
