// ConvNeXt's LayerScale (keras/src/applications/convnext.py). It is not in keras.layers, but every
// keras.applications ConvNeXt saves it by its bare class name, so importing those models needs it.
import { layerFactory } from '../ir/define-layer.js';
import type { WeightSpec } from '../ir/weight.js';
import { checkPositiveInt, sameShapeDefinition } from './common.js';

export interface LayerScaleConfig {
  /** The value `gamma` starts from; only initialisation uses it. */
  init_values: number;
  projection_dim: number;
}

/** `x * gamma`, one learned factor per index of the last axis (`projection_dim` of them). */
export const LayerScale = layerFactory<LayerScaleConfig, [init_values: number, projection_dim: number]>(
  sameShapeDefinition<LayerScaleConfig>('LayerScale', { init_values: 1e-6, projection_dim: 1 }, ['init_values', 'projection_dim'], {
    required: ['init_values', 'projection_dim'],
    normalize(config) {
      checkPositiveInt(config.projection_dim, 'projection_dim');
      return config;
    },
    // Keras builds gamma from `projection_dim` alone, whatever the input's last axis.
    weights: (c): WeightSpec[] => [{ name: 'gamma', shape: [c.projection_dim] }],
  }),
);
