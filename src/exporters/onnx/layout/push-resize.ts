import { attribute } from './layout-graph.js';
import { scatterPerAxis } from './perm.js';
import { pushPast, readBefore, sharedPerm, type LayoutRule } from './rule.js';

/**
 * Resize's constant `scales` (input 2) or `sizes` (input 3), one per axis, reordered to the axes before
 * the Transpose; each mode interpolates every axis on its own. Left alone: a region of interest
 * (tf_crop_and_resize) and the `axes` attribute (opset 18).
 */
export const PUSH_RESIZE: LayoutRule<{ perm: number[]; position: number }> = {
  pattern: ['Resize'],
  check(g, node) {
    const position = node.input[2] ? 2 : 3;
    const perm = sharedPerm(g, node, [0]);
    const plain = !node.input[1] && !attribute(node, 'axes') && node.input[position] && g.numbers(node.input[position]);
    return plain && perm ? { perm, position } : undefined;
  },
  rewrite(g, node, { perm, position }) {
    const inputs = readBefore(g, node, perm, [0]);
    inputs[position] = g.constantLike(node.input[position]!, scatterPerAxis(g.numbers(node.input[position]!)!, perm));
    pushPast(g, node, inputs, perm);
  },
};
