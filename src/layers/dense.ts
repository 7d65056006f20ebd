import { layerFactory } from '../ir/define-layer.js';
import { KERNEL_BIAS_DEFAULTS, checkActivation, checkPositiveInt, inputOfRank, knownDim, type KernelBiasConfig } from './common.js';

export interface DenseConfig extends KernelBiasConfig {
  units: number;
}

/** `y = activation(x @ kernel + bias)` on the last axis. */
export const Dense = layerFactory<DenseConfig, [units: number]>({
  className: 'Dense',
  defaults: { units: 0, ...KERNEL_BIAS_DEFAULTS },
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
