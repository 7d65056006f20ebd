import { layerFactory } from '../ir/define-layer.js';
import { sameShapeDefinition } from './common.js';

export interface MaskingConfig {
  mask_value: number;
}

/** Masks the time steps whose features all equal `mask_value`, for the layers downstream. */
export const Masking = layerFactory<MaskingConfig, [mask_value: number]>(
  sameShapeDefinition<MaskingConfig>('Masking', { mask_value: 0 }, ['mask_value']),
);
