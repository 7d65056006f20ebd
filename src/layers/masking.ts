import { layerFactory } from '../ir/define-layer.js';
import { sameShapeDefinition } from './common.js';

export interface MaskingConfig {
  mask_value: number;
}

/** Masks the time steps whose features all equal `mask_value`, for the layers downstream. */
export const Masking = layerFactory<MaskingConfig, [mask_value: number]>(
  sameShapeDefinition<MaskingConfig>('Masking', { mask_value: 0 }, ['mask_value'], {
    // keras/src/layers/core/masking.py: a step is kept where any feature differs from mask_value.
    computeMask: (c, _masks, ops) => [ops.differs(0, c.mask_value, true)],
  }),
);
