import { layerFactory } from '../ir/define-layer.js';
import { keepMask } from '../ir/masks.js';
import { KERNEL_BIAS_DEFAULTS, checkActivation, checkPositiveInt, inputOfRank, knownDim, type KernelBiasConfig } from './common.js';
import { KERNEL_BIAS_RENAMES, legacyInputShape, upgradeLegacyOptions } from './legacy.js';

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
  computeMask: keepMask,
  weights(c, inputs) {
    const x = inputOfRank(inputs, { min: 2 });
    const inputDim = knownDim(x.shape[x.shape.length - 1]!, 'last dimension', x.shape);
    return [{ name: 'kernel', shape: [inputDim, c.units] }, ...(c.use_bias ? [{ name: 'bias', shape: [c.units] }] : [])];
  },
  // Keras 2 `legacy_dense_support`; Keras 1 `input_dim` became `input_shape=(input_dim,)` in Dense's
  // constructor. Keras 1 saved W (input, units) and b as Keras 2 does, so weights need no hook.
  upgradeConfig(config) {
    const upgraded = upgradeLegacyOptions(config, [['output_dim', 'units'], ...KERNEL_BIAS_RENAMES]);
    return legacyInputShape(upgraded, ['input_dim'], upgraded.input_dim != null ? [upgraded.input_dim] : null);
  },
});
