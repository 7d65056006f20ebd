import { layerFactory } from '../ir/define-layer.js';
import { keepMask } from '../ir/masks.js';
import { resolveAxis } from '../ir/shape.js';
import type { TensorSpec } from '../ir/tensor.js';
import { KerasBridgeError } from '../ir/errors.js';
import { knownDim, onlyInput, type Constraint, type Initializer, type Regularizer } from './common.js';
import { unwrapAxis, upgradeLegacyOptions } from './legacy.js';

/** The size of the normalised axis, which every variable of these layers has. */
function axisSize(axis: number, inputs: TensorSpec[]): number {
  const x = onlyInput(inputs);
  return knownDim(x.shape[resolveAxis(axis, x.shape.length)] ?? null, `axis ${axis}`, x.shape);
}

export interface BatchNormalizationConfig {
  axis: number;
  momentum: number;
  epsilon: number;
  center: boolean;
  scale: boolean;
  beta_initializer: Initializer;
  gamma_initializer: Initializer;
  moving_mean_initializer: Initializer;
  moving_variance_initializer: Initializer;
  beta_regularizer: Regularizer;
  gamma_regularizer: Regularizer;
  beta_constraint: Constraint;
  gamma_constraint: Constraint;
  synchronized: boolean;
}

export const BatchNormalization = layerFactory<BatchNormalizationConfig, []>({
  className: 'BatchNormalization',
  defaults: {
    axis: -1,
    momentum: 0.99,
    epsilon: 0.001,
    center: true,
    scale: true,
    beta_initializer: 'zeros',
    gamma_initializer: 'ones',
    moving_mean_initializer: 'zeros',
    moving_variance_initializer: 'ones',
    beta_regularizer: null,
    gamma_regularizer: null,
    beta_constraint: null,
    gamma_constraint: null,
    synchronized: false,
  },
  positional: [],
  outputSpecs: (_c, inputs) => [onlyInput(inputs)],
  // Keras reads the mask only for training statistics: at inference it passes on.
  computeMask: keepMask,
  weights(c, inputs) {
    const n = axisSize(c.axis, inputs);
    return [
      ...(c.scale ? [{ name: 'gamma', shape: [n] }] : []),
      ...(c.center ? [{ name: 'beta', shape: [n] }] : []),
      // The running statistics are updated by training, not by gradients: non-trainable.
      { name: 'moving_mean', shape: [n], trainable: false },
      { name: 'moving_variance', shape: [n], trainable: false },
    ];
  },
  /**
   * Keras 2 `legacy_batchnorm_support`, which refused Keras 1's `mode=1` (per-sample) and `mode=2`
   * (batch statistics at inference too). Keras 1 saved gamma, beta, running_mean and `running_std`,
   * which despite its name held the variance passed to `K.batch_normalization`, so Keras 2 loads the
   * four arrays unchanged and no weight hook is needed.
   */
  upgradeConfig(config) {
    if (config.mode !== undefined && config.mode !== 0) {
      throw new KerasBridgeError(
        'INVALID_ARGUMENT',
        `Keras 1 BatchNormalization mode=${JSON.stringify(config.mode)} has no Keras 2 or 3 equivalent (Keras 2 refused it too); ` +
          'only mode=0 can be imported. Retrain the model with mode=0, or replace the layer.',
      );
    }
    return unwrapAxis(upgradeLegacyOptions(config, [['beta_init', 'beta_initializer'], ['gamma_init', 'gamma_initializer']]));
  },
});

export interface LayerNormalizationConfig {
  axis: number | number[];
  epsilon: number;
  center: boolean;
  scale: boolean;
  rms_scaling: boolean;
  beta_initializer: Initializer;
  gamma_initializer: Initializer;
  beta_regularizer: Regularizer;
  gamma_regularizer: Regularizer;
  beta_constraint: Constraint;
  gamma_constraint: Constraint;
}

export const LayerNormalization = layerFactory<LayerNormalizationConfig, []>({
  className: 'LayerNormalization',
  defaults: {
    axis: -1,
    epsilon: 0.001,
    center: true,
    scale: true,
    rms_scaling: false,
    beta_initializer: 'zeros',
    gamma_initializer: 'ones',
    beta_regularizer: null,
    gamma_regularizer: null,
    beta_constraint: null,
    gamma_constraint: null,
  },
  positional: [],
  outputSpecs: (_c, inputs) => [onlyInput(inputs)],
  computeMask: keepMask,
  weights(c, inputs) {
    const axes = Array.isArray(c.axis) ? c.axis : [c.axis];
    const shape = axes.map((a) => axisSize(a, inputs));
    return [
      ...(c.scale ? [{ name: 'gamma', shape }] : []),
      ...(c.center && !c.rms_scaling ? [{ name: 'beta', shape }] : []),
    ];
  },
  upgradeConfig: (config) => unwrapAxis(upgradeLegacyOptions(config)),
});
