import { attribute, setAttribute } from './layout-graph.js';
import { composePerms, isIdentity } from './perm.js';
import type { LayoutRule } from './rule.js';

/**
 * Transpose(Transpose(x, p), q) is one Transpose of x, or x itself when the two cancel, as a
 * Transpose pushed out of one channels-first op meets the one going into the next. An identity
 * Transpose alone cancels too.
 */
export const MERGE_TRANSPOSES: LayoutRule<{ source: string; perm: number[] }> = {
  pattern: ['Transpose'],
  check(g, node) {
    const perm = [...attribute(node, 'perm')!.ints!];
    const inner = g.transposeOf(node.input[0]!);
    if (inner) return { source: inner.node.input[0]!, perm: composePerms(inner.perm, perm) };
    return isIdentity(perm) ? { source: node.input[0]!, perm } : undefined;
  },
  rewrite(g, node, { source, perm }) {
    if (isIdentity(perm)) {
      g.replace(node);
      g.redirect(node.output[0]!, source);
    } else {
      node.input = [source];
      setAttribute(node, 'perm', perm);
    }
  },
};
