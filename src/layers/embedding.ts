import { layerFactory } from '../ir/define-layer.js';
import type { SymbolicTensor } from '../ir/tensor.js';
import { checkPositiveInt, onlyInput } from './common.js';
import type { Constraint, Initializer, Regularizer } from './common.js';
import { legacyInputShape, upgradeLegacyOptions } from './legacy.js';

export interface EmbeddingConfig {
  input_dim: number;
  output_dim: number;
  embeddings_initializer: Initializer;
  embeddings_regularizer: Regularizer;
  activity_regularizer: Regularizer;
  embeddings_constraint: Constraint;
  mask_zero: boolean;
}

/** Integer indices to dense vectors: appends `output_dim` to the input shape. */
/** Options Keras 3 accepts for compatibility but ignores. */
export interface EmbeddingLegacyOptions {
  input_length?: number | null;
}

export const Embedding = layerFactory<EmbeddingConfig, [input_dim: number, output_dim: number], SymbolicTensor, EmbeddingLegacyOptions>({
  className: 'Embedding',
  defaults: {
    input_dim: 0,
    output_dim: 0,
    embeddings_initializer: 'uniform',
    embeddings_regularizer: null,
    activity_regularizer: null,
    embeddings_constraint: null,
    mask_zero: false,
  },
  positional: ['input_dim', 'output_dim'],
  required: ['input_dim', 'output_dim'],
  // Keras 3 accepts and ignores `input_length`: the output length comes from the input shape.
  ignoredOptions: ['input_length'],
  normalize(c) {
    checkPositiveInt(c.input_dim, 'input_dim');
    checkPositiveInt(c.output_dim, 'output_dim');
    return c;
  },
  outputSpecs(c, inputs) {
    return [{ shape: [...onlyInput(inputs).shape, c.output_dim], dtype: 'float32' }];
  },
  weights: (c) => [{ name: 'embeddings', shape: [c.input_dim, c.output_dim] }],
  // Index 0 is padding: Keras compares the raw input, before any cast to int32.
  computeMask: (c, _masks, ops) => (c.mask_zero ? [ops.differs(0, 0, false)] : []),
  // Keras 2 `legacy_embedding_support` (Keras 1 `dropout` was dropped with a warning), and Keras 2's
  // constructor turned `input_length` into the input shape. Keras 1's W is Keras 2's embeddings as is.
  upgradeConfig(config) {
    const upgraded = upgradeLegacyOptions(config, [
      ['init', 'embeddings_initializer'],
      ['W_regularizer', 'embeddings_regularizer'],
      ['W_constraint', 'embeddings_constraint'],
    ]);
    // tfjs-layers writes `mask_zero: null` for its default.
    if (upgraded.mask_zero === null) delete upgraded.mask_zero;
    return legacyInputShape(upgraded, ['input_length'], upgraded.input_length != null ? [upgraded.input_length] : null);
  },
});
