import type { MaskingConfig } from '../../../layers/masking.js';
import type { Lowering } from '../graph.js';
import { anyOverLastAxis, differsFrom } from '../mask-values.js';

/**
 * keras/src/layers/core/masking.py: where(any(x != mask_value, axis=-1, keepdims), x, 0), which zeroes
 * the masked steps. The mask itself, for the layers after it, is the layer definition's `computeMask`.
 */
export const MASKING_LOWERING: Lowering<MaskingConfig> = {
  className: 'Masking',
  lower(g, call, [x]) {
    const input = call.inputs[0]!;
    const kept = anyOverLastAxis(g, differsFrom(g, x!, input, call.config.mask_value), input.shape.length, true);
    return [g.op('Where', [kept, x!, g.scalar(0)])];
  },
};
