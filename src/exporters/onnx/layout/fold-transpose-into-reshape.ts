import { attribute } from './layout-graph.js';
import type { LayoutRule } from './rule.js';

/**
 * Transpose(Reshape(x, shape), perm) is Reshape(x, shape reordered by perm) when the Transpose only
 * moves axes of size 1, leaving the elements in their order: EfficientNet's squeeze-and-excitation
 * reshapes its pooled (batch, channels) to (batch, 1, 1, channels), which the next convolution then
 * reads channels-first. The shape must be a constant whose 0s ("copy this input axis") stay in place.
 */
export const FOLD_TRANSPOSE_INTO_RESHAPE: LayoutRule<{ input: string; shapeValue: string; shape: number[] }> = {
  pattern: ['Transpose'],
  check(g, node) {
    const reshape = g.producer(node.input[0]!);
    const shape = reshape?.op_type === 'Reshape' ? g.numbers(reshape.input[1]!) : undefined;
    if (!reshape || !shape || attribute(reshape, 'allowzero')?.i === 1) return undefined;
    const perm = [...attribute(node, 'perm')!.ints!];
    const moved = perm.filter((p) => shape[p] !== 1);
    const inOrder = moved.every((p, i) => i === 0 || moved[i - 1]! < p);
    const zerosStay = shape.every((d, i) => d !== 0 || perm[i] === i);
    return inOrder && zerosStay ? { input: reshape.input[0]!, shapeValue: reshape.input[1]!, shape: perm.map((p) => shape[p]!) } : undefined;
  },
  rewrite(g, node, { input, shapeValue, shape }) {
    g.replace(node, g.node(node.name, 'Reshape', [input, g.constantLike(shapeValue, shape)], {}, node.output[0]!));
  },
};
