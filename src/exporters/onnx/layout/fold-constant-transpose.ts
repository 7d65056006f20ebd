import { attribute } from './layout-graph.js';
import type { LayoutRule } from './rule.js';

/** A Transpose of an initializer is the initializer transposed at export time. */
export const FOLD_CONSTANT_TRANSPOSE: LayoutRule<number[]> = {
  pattern: ['Transpose'],
  check: (g, node) => (g.constant(node.input[0]!) ? [...attribute(node, 'perm')!.ints!] : undefined),
  rewrite(g, node, perm) {
    const folded = g.permutedConstant(node.input[0]!, perm.length, perm);
    g.replace(node);
    g.redirect(node.output[0]!, folded);
  },
};
