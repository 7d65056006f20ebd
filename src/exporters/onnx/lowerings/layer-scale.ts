import type { LayerScaleConfig } from '../../../layers/layer-scale.js';
import type { Lowering } from '../graph.js';

/**
 * `x * gamma` (keras/src/applications/convnext.py): gamma has shape (projection_dim,), so ONNX's
 * NumPy-style broadcasting lines it up with the last, channels-last axis as Keras does.
 */
export const LAYER_SCALE_LOWERING: Lowering<LayerScaleConfig> = {
  className: 'LayerScale',
  lower: (g, call, [x]) => [g.op('Mul', [x!, g.weight(call.weights.gamma!)])],
};
