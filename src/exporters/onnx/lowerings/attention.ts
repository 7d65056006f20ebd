import type { AttentionConfig } from '../../../layers/attention.js';
import type { LayerCall, Lowering, OnnxGraph, Value } from '../graph.js';
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
 * `_calculate_score_mask` and `_apply_scores` with a value mask: the scores where the value's step is
 * masked, or (causal) lies ahead of the query's, get 1e9 subtracted once.
 */
function maskScores(g: OnnxGraph, scores: Value, valueMask: Value, rank: number, causal?: { steps: number; keySteps: number }): Value {
  const kept = g.unsqueeze(valueMask, [rank - 2]);
  const allowed = causal ? g.op('And', [kept, g.op('Equal', [causalBias(g, causal.steps, causal.keySteps), g.scalar(0)])]) : kept;
  return g.op('Where', [allowed, scores, g.op('Sub', [scores, g.scalar(1e9)])]);
}

const stepsOf = (call: LayerCall<AttentionConfig>) => call.inputs.slice(0, 2).map((t) => t.shape[t.shape.length - 2]);

/**
 * keras/src/layers/attention/attention.py at inference (no dropout): softmax(scores) · value over
 * `[query, value]` or `[query, value, key]`; with `return_attention_scores` the softmax is a second
 * output. Keras masks (the query's and the value's) come with the call: the value's hides its steps,
 * the query's zeroes the outputs of its masked steps.
 */
export const ATTENTION_LOWERING: Lowering<AttentionConfig> = {
  className: 'Attention',
  appliesMasks: true,
  unsupported(call) {
    if (!call.kwargs?.use_causal_mask) return undefined;
    return stepsOf(call).includes(null) ? 'use_causal_mask with a number of steps unknown before run time is not lowered yet' : undefined;
  },
  lower(g, call, [query, value, key], { masks: [queryMask, valueMask] }) {
    const rank = call.inputs[0]!.shape.length;
    const weights = {
      scale: call.config.use_scale ? g.weight(call.weights.scale!) : undefined,
      concat: call.config.score_mode === 'concat' ? g.weight(call.weights.concat_score_weight!) : undefined,
    };
    let s = scores(g, call.config, weights, query!, key ?? value!, rank);
    const [steps, keySteps] = stepsOf(call) as number[];
    const causal = call.kwargs?.use_causal_mask ? { steps: steps!, keySteps: keySteps! } : undefined;
    if (valueMask) s = maskScores(g, s, valueMask, rank, causal);
    else if (causal) s = g.op('Add', [s, causalBias(g, causal.steps, causal.keySteps)]);
    const distribution = g.op('Softmax', [s], { axis: -1 });
    const output = g.op('MatMul', [distribution, value!]);
    const kept = queryMask ? g.op('Where', [g.unsqueeze(queryMask, [rank - 1]), output, g.scalar(0)]) : output;
    return call.outputs.length === 2 ? [kept, distribution] : [kept];
  },
};
