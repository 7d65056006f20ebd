import type { AttentionConfig } from '../../../layers/attention.js';
import type { Lowering, OnnxGraph, Value } from '../graph.js';
import { float32Tensor } from '../tensor-data.js';

const lastTwoSwapped = (rank: number) => [...Array.from({ length: rank - 2 }, (_, i) => i), rank - 1, rank - 2];

/**
 * `_calculate_scores`: query · keyᵀ (times `scale`), or for 'concat' the sum over features of
 * tanh(query + key) (the sum scaled inside the tanh), times `concat_score_weight`.
 */
function scores(g: OnnxGraph, c: AttentionConfig, weights: { scale?: Value; concat?: Value }, query: Value, key: Value, rank: number): Value {
  if (c.score_mode === 'dot') {
    const product = g.op('MatMul', [query, g.op('Transpose', [key], { perm: lastTwoSwapped(rank) })]);
    return weights.scale ? g.op('Mul', [product, weights.scale]) : product;
  }
  const sum = g.op('Add', [g.unsqueeze(query, [rank - 1]), g.unsqueeze(key, [rank - 2])]);
  const tanh = g.op('Tanh', [weights.scale ? g.op('Mul', [weights.scale, sum]) : sum]);
  return g.op('Mul', [weights.concat!, g.reduce('ReduceSum', tanh, [rank], false)]);
}

/** `use_causal_mask`: positions j > i get 1e9 subtracted from their scores before the softmax, as Keras does. */
function causalBias(g: OnnxGraph, steps: number, keySteps: number): Value {
  const bias = Array.from({ length: steps * keySteps }, (_, k) => (k % keySteps > Math.floor(k / keySteps) ? -1e9 : 0));
  return g.constant(float32Tensor(bias, [steps, keySteps]));
}

/**
 * keras/src/layers/attention/attention.py at inference (no dropout): softmax(scores) · value over
 * `[query, value]` or `[query, value, key]`; with `return_attention_scores` the softmax is a second
 * output. Masks given as call arguments are tensor keyword arguments, which the preflight refuses.
 */
export const ATTENTION_LOWERING: Lowering<AttentionConfig> = {
  className: 'Attention',
  unsupported(call) {
    if (!call.kwargs?.use_causal_mask) return undefined;
    const [query, value] = call.inputs;
    const steps = [query!.shape[query!.shape.length - 2], value!.shape[value!.shape.length - 2]];
    return steps.includes(null) ? 'use_causal_mask with a number of steps unknown before run time is not lowered yet' : undefined;
  },
  lower(g, call, [query, value, key]) {
    const rank = call.inputs[0]!.shape.length;
    const weights = {
      scale: call.config.use_scale ? g.weight(call.weights.scale!) : undefined,
      concat: call.config.score_mode === 'concat' ? g.weight(call.weights.concat_score_weight!) : undefined,
    };
    let s = scores(g, call.config, weights, query!, key ?? value!, rank);
    if (call.kwargs?.use_causal_mask) {
      const [q, v] = call.inputs.map((t) => t.shape[t.shape.length - 2] as number);
      s = g.op('Add', [s, causalBias(g, q!, v!)]);
    }
    const distribution = g.op('Softmax', [s], { axis: -1 });
    const output = g.op('MatMul', [distribution, value!]);
    return call.outputs.length === 2 ? [output, distribution] : [output];
  },
};
