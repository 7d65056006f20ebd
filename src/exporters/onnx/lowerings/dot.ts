import { resolveAxis } from '../../../ir/shape.js';
import type { DotConfig } from '../../../layers/merge.js';
import type { Lowering, OnnxGraph, Value } from '../graph.js';

/** Keras' `normalize(x, axis)` (ops/nn.py, order 2): x · min(rsqrt(Σx²), 1 / epsilon), epsilon 1e-7. */
function l2Normalize(g: OnnxGraph, x: Value, axis: number): Value {
  const inverseNorm = g.op('Reciprocal', [g.op('Sqrt', [g.reduce('ReduceSum', g.op('Mul', [x, x]), [axis], true)])]);
  return g.op('Mul', [x, g.op('Min', [inverseNorm, g.scalar(1e7)])]);
}

const letter = (i: number) => String.fromCharCode(98 + i);

/**
 * keras/src/layers/merging/dot.py: `batch_dot` along `axes` (negative ones taken modulo each input's
 * rank), after L2-normalising both inputs along them with `normalize`. batch_dot keeps the batch axis
 * and every other axis but the two contracted ones, the first input's first, which is one Einsum;
 * a result of the batch axis alone gets a trailing axis of 1.
 */
export const DOT_LOWERING: Lowering<DotConfig> = {
  className: 'Dot',
  lower(g, call, inputs) {
    const ranks = call.inputs.map((t) => t.shape.length);
    const axes = (typeof call.config.axes === 'number' ? [call.config.axes, call.config.axes] : call.config.axes).map((a, i) => resolveAxis(a, ranks[i]!));
    const [x, y] = inputs.map((v, i) => (call.config.normalize ? l2Normalize(g, v, axes[i]!) : v));
    // 'a' is the batch axis, 'z' the contracted one; the other axes of both inputs get their own letters.
    const first = Array.from({ length: ranks[0]! }, (_, i) => (i === 0 ? 'a' : i === axes[0] ? 'z' : letter(i)));
    const second = Array.from({ length: ranks[1]! }, (_, i) => (i === 0 ? 'a' : i === axes[1] ? 'z' : letter(ranks[0]! + i)));
    const kept = [...first.filter((l) => l !== 'z'), ...second.filter((l) => l !== 'z' && l !== 'a')];
    const product = g.op('Einsum', [x!, y!], { equation: `${first.join('')},${second.join('')}->${kept.join('')}` });
    return [kept.length === 1 ? g.unsqueeze(product, [1]) : product];
  },
};
