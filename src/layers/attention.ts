import { KerasBridgeError } from '../ir/errors.js';
import { layerFactory } from '../ir/define-layer.js';
import type { TensorSpec } from '../ir/tensor.js';
import { checkOneOf, checkUnitInterval } from './common.js';

export interface AttentionConfig {
  use_scale: boolean;
  score_mode: 'dot' | 'concat';
  dropout: number;
  seed: number | null;
}

/** `[query, value]` or `[query, value, key]`, each (batch, steps, features). */
function attentionInputs(inputs: TensorSpec[]): [TensorSpec, TensorSpec] {
  if (inputs.length < 2 || inputs.length > 3 || inputs.some((t) => t.shape.length < 2)) {
    throw new KerasBridgeError(
      'INVALID_ARGUMENT',
      `expects a list [query, value] or [query, value, key] of tensors of rank >= 2; received ${inputs.length} input(s).`,
    );
  }
  return [inputs[0]!, inputs[1]!];
}

/** Dot-product (Luong) or additive-style "concat" attention of a query over values. */
export const Attention = layerFactory<AttentionConfig, []>({
  className: 'Attention',
  defaults: { use_scale: false, score_mode: 'dot', dropout: 0, seed: null },
  positional: [],
  // Keras 2 configs carry `causal`, which Keras 3 turned into the call argument `use_causal_mask`.
  ignoredOptions: ['causal'],
  normalize(c) {
    checkOneOf(c.score_mode, ['dot', 'concat'], 'score_mode');
    checkUnitInterval(c.dropout, 'dropout');
    return c;
  },
  outputSpecs(_c, inputs, kwargs) {
    const [query, value] = attentionInputs(inputs);
    const output = { shape: [...query.shape.slice(0, -1), value.shape[value.shape.length - 1]!], dtype: 'float32' as const };
    if (!kwargs.return_attention_scores) return [output];
    return [output, { shape: [...query.shape.slice(0, -1), value.shape[value.shape.length - 2]!], dtype: 'float32' }];
  },
  // The value's mask hides its steps from every query; the query's mask zeroes those outputs and passes on.
  computeMask: (_c, [queryMask]) => [queryMask],
  readsMask: true,
  weights: (c) => [
    ...(c.use_scale ? [{ name: 'scale', shape: [] }] : []),
    ...(c.score_mode === 'concat' ? [{ name: 'concat_score_weight', shape: [] }] : []),
  ],
});
