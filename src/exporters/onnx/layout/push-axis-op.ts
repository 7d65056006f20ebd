import { attribute } from './layout-graph.js';
import { remapAxes } from './perm.js';
import { pushPast, readBefore, sharedPerm, type LayoutRule } from './rule.js';

/** Ops along one `axis` of inputs of equal rank (Softmax's axis is a single axis from opset 13 on, its default -1). */
export const PUSH_AXIS_OP: LayoutRule<number[]> = {
  pattern: ['Concat', 'Softmax', 'LogSoftmax', 'Hardmax'],
  check: (g, node) => sharedPerm(g, node),
  rewrite(g, node, perm) {
    const [axis] = remapAxes([attribute(node, 'axis')?.i ?? -1], perm);
    pushPast(g, node, readBefore(g, node, perm), perm, { axis: axis! });
  },
};
