import { KerasBridgeError } from '../ir/errors.js';
import { layerFactory } from '../ir/define-layer.js';
import { keepMask } from '../ir/masks.js';
import { onlyInput } from './common.js';
import { upgradeLegacyOptions } from './legacy.js';

export interface DropoutConfig {
  rate: number;
  noise_shape: readonly (number | null)[] | null;
  seed: number | null;
}

/** Identity at inference; the rate only matters for training. */
export const Dropout = layerFactory<DropoutConfig, [rate: number]>({
  className: 'Dropout',
  defaults: { rate: 0, noise_shape: null, seed: null },
  positional: ['rate'],
  required: ['rate'],
  normalize(c) {
    if (typeof c.rate !== 'number' || c.rate < 0 || c.rate > 1) {
      throw new KerasBridgeError(
        'INVALID_ARGUMENT',
        `Invalid value received for argument \`rate\`. Expected a float value between 0 and 1. Received: rate=${c.rate}.`,
      );
    }
    return c;
  },
  outputSpecs: (_c, inputs) => [onlyInput(inputs)],
  computeMask: keepMask,
  // Keras 2 `legacy_dropout_support`.
  upgradeConfig: (config) => upgradeLegacyOptions(config, [['p', 'rate']]),
});
