import { attribute } from './layout-graph.js';
import { permAfterReduce, remapAxes } from './perm.js';
import { pushPast, readBefore, sharedPerm, type LayoutRule } from './rule.js';

const REDUCTIONS = ['ReduceL1', 'ReduceL2', 'ReduceLogSum', 'ReduceLogSumExp', 'ReduceMax', 'ReduceMean', 'ReduceMin', 'ReduceProd', 'ReduceSum', 'ReduceSumSquare'];

/**
 * A reduction of Transpose(x, p) over `axes` reduces x over p[axes]. With keepdims the result is
 * transposed by p; without, by what p becomes once the reduced axes are gone (often nothing: global
 * pooling of a channels-first tensor down to (batch, channels)). The axes are an attribute before
 * opset 18 (13 for ReduceSum) and a constant input after; a reduction over every axis is left alone.
 */
export const PUSH_REDUCE: LayoutRule<{ perm: number[]; axes: number[] }> = {
  pattern: REDUCTIONS,
  check(g, node) {
    const axes = node.input[1] ? g.numbers(node.input[1]) : attribute(node, 'axes')?.ints;
    const perm = sharedPerm(g, node, [0]);
    return axes && axes.length > 0 && perm ? { perm, axes: [...axes] } : undefined;
  },
  rewrite(g, node, { perm, axes }) {
    const remapped = remapAxes(axes, perm).sort((a, b) => a - b);
    const keepdims = (attribute(node, 'keepdims')?.i ?? 1) === 1;
    const inputs = readBefore(g, node, perm, [0]);
    if (node.input[1]) inputs[1] = g.constantLike(node.input[1], remapped);
    pushPast(g, node, inputs, keepdims ? perm : permAfterReduce(perm, remapped), node.input[1] ? {} : { axes: remapped });
  },
};
