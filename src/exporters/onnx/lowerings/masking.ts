import type { MaskingConfig } from '../../../layers/masking.js';
import type { Lowering } from '../graph.js';
import { ONNX_DATA_TYPE } from '../tensor-data.js';

/**
 * keras/src/layers/core/masking.py: where(any(x != mask_value, axis=-1, keepdims), x, 0), which zeroes
 * the masked steps. Only these values are lowered: the mask Keras attaches for the layers after it
 * (RNNs, pooling, attention) is not propagated, so those compute as if no step were masked.
 */
export const MASKING_LOWERING: Lowering<MaskingConfig> = {
  className: 'Masking',
  lower(g, call, [x]) {
    const rank = call.inputs[0]!.shape.length;
    const differs = g.op('Cast', [g.op('Not', [g.op('Equal', [x!, g.scalar(call.config.mask_value)])])], { to: ONNX_DATA_TYPE.float32 });
    const kept = g.op('Cast', [g.reduce('ReduceMax', differs, [rank - 1], true)], { to: ONNX_DATA_TYPE.bool });
    return [g.op('Where', [kept, x!, g.scalar(0)])];
  },
};
