import { identityPerm, remapAxes } from './perm.js';
import { pushPast, readBefore, sharedPerm, type LayoutRule } from './rule.js';

/**
 * Slice's `axes` (input 3, by default 0 to the number of starts) remapped to the axes before the
 * Transpose; starts, ends and steps go with their axes unchanged. Written in the starts' element type,
 * which ONNX requires of all four.
 */
export const PUSH_SLICE: LayoutRule<{ perm: number[]; axes: number[] }> = {
  pattern: ['Slice'],
  check(g, node) {
    const starts = g.numbers(node.input[1]!);
    const axes = node.input[3] ? g.numbers(node.input[3]) : starts && identityPerm(starts.length);
    const perm = sharedPerm(g, node, [0]);
    return axes && perm ? { perm, axes } : undefined;
  },
  rewrite(g, node, { perm, axes }) {
    const inputs = readBefore(g, node, perm, [0]);
    inputs[3] = g.constantLike(node.input[1]!, remapAxes(axes, perm));
    pushPast(g, node, inputs, perm);
  },
};
