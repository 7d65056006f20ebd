// Keras' regularization layers besides Dropout (keras/src/layers/regularization/): identities at
// inference, so their shapes pass through; their options only matter for training.
import { KerasBridgeError } from '../ir/errors.js';
import { layerFactory, type LayerDefinition } from '../ir/define-layer.js';
import { keepMask } from '../ir/masks.js';
import {
  checkOneOf,
  checkUnitInterval,
  inputOfRank,
  sameShapeDefinition,
  sameShapeOutput,
  type DataFormat,
} from './common.js';

export interface SpatialDropout1DConfig {
  rate: number;
  seed: number | null;
}

export interface SpatialDropoutConfig extends SpatialDropout1DConfig {
  data_format: DataFormat;
}

/** Drops whole channels (feature maps) instead of single elements. */
function spatialDropoutDefinition<C extends SpatialDropout1DConfig>(rank: 1 | 2 | 3, defaults: C): LayerDefinition<C> {
  return {
    className: `SpatialDropout${rank}D`,
    defaults,
    positional: (rank === 1 ? ['rate', 'seed'] : ['rate', 'data_format', 'seed']) as (keyof C & string)[],
    required: ['rate'],
    normalize(c) {
      checkUnitInterval(c.rate, 'rate');
      if ('data_format' in c) checkOneOf(c.data_format, ['channels_last', 'channels_first'], 'data_format');
      return c;
    },
    outputSpecs: (_c, inputs) => sameShapeOutput([inputOfRank(inputs, { exact: rank + 2 })]),
    computeMask: keepMask,
  };
}

export const SpatialDropout1D = layerFactory<SpatialDropout1DConfig, [rate: number, seed: number | null]>(
  spatialDropoutDefinition<SpatialDropout1DConfig>(1, { rate: 0, seed: null }),
);
type SpatialDropoutPositional = [rate: number, data_format: DataFormat, seed: number | null];
const spatialDropoutDefaults: SpatialDropoutConfig = { rate: 0, seed: null, data_format: 'channels_last' };
export const SpatialDropout2D = layerFactory<SpatialDropoutConfig, SpatialDropoutPositional>(
  spatialDropoutDefinition(2, spatialDropoutDefaults),
);
export const SpatialDropout3D = layerFactory<SpatialDropoutConfig, SpatialDropoutPositional>(
  spatialDropoutDefinition(3, spatialDropoutDefaults),
);

/** GaussianNoise, GaussianDropout and AlphaDropout: a strength in [0, 1] (`stddev` or `rate`) and a seed. */
function noiseDefinition<C extends { seed: number | null }>(
  className: string,
  strength: keyof C & string,
  defaults: C,
  positional: (keyof C & string)[],
): LayerDefinition<C> {
  return sameShapeDefinition(className, defaults, positional, {
    required: [strength],
    computeMask: keepMask,
    normalize(c) {
      checkUnitInterval(c[strength], strength);
      return c;
    },
  });
}

export interface GaussianNoiseConfig {
  stddev: number;
  seed: number | null;
}

/** Adds zero-centred Gaussian noise. */
export const GaussianNoise = layerFactory<GaussianNoiseConfig, [stddev: number, seed: number | null]>(
  noiseDefinition<GaussianNoiseConfig>('GaussianNoise', 'stddev', { stddev: 0, seed: null }, ['stddev', 'seed']),
);

export interface GaussianDropoutConfig {
  rate: number;
  seed: number | null;
}

/** Multiplies by one-centred Gaussian noise of standard deviation `sqrt(rate / (1 - rate))`. */
export const GaussianDropout = layerFactory<GaussianDropoutConfig, [rate: number, seed: number | null]>(
  noiseDefinition<GaussianDropoutConfig>('GaussianDropout', 'rate', { rate: 0, seed: null }, ['rate', 'seed']),
);

export interface AlphaDropoutConfig {
  rate: number;
  seed: number | null;
  noise_shape: readonly (number | null)[] | null;
}

/** Dropout that keeps the mean and variance of its inputs, for SELU networks. */
export const AlphaDropout = layerFactory<
  AlphaDropoutConfig,
  [rate: number, noise_shape: readonly (number | null)[] | null, seed: number | null]
>(noiseDefinition<AlphaDropoutConfig>('AlphaDropout', 'rate', { rate: 0, seed: null, noise_shape: null }, ['rate', 'noise_shape', 'seed']));

export interface ActivityRegularizationConfig {
  l1: number;
  l2: number;
}

/** Adds `l1 * sum(|x|) + l2 * sum(x^2)` of its input to the loss. */
export const ActivityRegularization = layerFactory<ActivityRegularizationConfig, [l1: number, l2: number]>(
  sameShapeDefinition<ActivityRegularizationConfig>('ActivityRegularization', { l1: 0, l2: 0 }, ['l1', 'l2'], {
    computeMask: keepMask,
    normalize(c) {
      const bad = (['l1', 'l2'] as const).find((k) => typeof c[k] !== 'number' || !Number.isFinite(c[k]) || c[k] < 0);
      if (bad) {
        throw new KerasBridgeError(
          'INVALID_ARGUMENT',
          `Invalid value for argument ${bad}: expected a non-negative float. Received: ${bad}=${JSON.stringify(c[bad])}.`,
        );
      }
      return c;
    },
  }),
);
