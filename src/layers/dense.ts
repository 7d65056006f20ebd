import { layerFactory } from '../ir/define-layer.js';
import { checkActivation, checkPositiveInt, inputOfRank, knownDim } from './common.js';
import type { Activation, Constraint, Initializer, Regularizer } from './common.js';

export interface DenseConfig {
  units: number;
  activation: Activation;
  use_bias: boolean;
  kernel_initializer: Initializer;
  bias_initializer: Initializer;
  kernel_regularizer: Regularizer;
  bias_regularizer: Regularizer;
  activity_regularizer: Regularizer;
  kernel_constraint: Constraint;
  bias_constraint: Constraint;
}

/** `y = activation(x @ kernel + bias)` on the last axis. */
export const Dense = layerFactory<DenseConfig, [units: number]>({
  className: 'Dense',
  defaults: {
    units: 0,
    activation: 'linear',
    use_bias: true,
    kernel_initializer: 'glorot_uniform',
    bias_initializer: 'zeros',
    kernel_regularizer: null,
    bias_regularizer: null,
    activity_regularizer: null,
    kernel_constraint: null,
    bias_constraint: null,
  },
  positional: ['units'],
  required: ['units'],
  normalize(c) {
    checkPositiveInt(c.units, 'units');
    checkActivation(c.activation);
    return c;
  },
  outputSpecs(c, inputs) {
    const x = inputOfRank(inputs, { min: 2 });
    return [{ shape: [...x.shape.slice(0, -1), c.units], dtype: 'float32' }];
  },
  weights(c, inputs) {
    const x = inputOfRank(inputs, { min: 2 });
    const inputDim = knownDim(x.shape[x.shape.length - 1]!, 'last dimension', x.shape);
    return [{ name: 'kernel', shape: [inputDim, c.units] }, ...(c.use_bias ? [{ name: 'bias', shape: [c.units] }] : [])];
  },
});
