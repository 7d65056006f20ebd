import type { EmbeddingConfig } from '../../../layers/embedding.js';
import type { Lowering } from '../graph.js';
import { ONNX_DATA_TYPE } from '../tensor-data.js';

/** `take(embeddings, indices)`; Keras casts indices that are not int32/int64 to int32 first (truncating). */
export const EMBEDDING_LOWERING: Lowering<EmbeddingConfig> = {
  className: 'Embedding',
  // The mask reaches later layers implicitly (RNNs skip steps, pooling averages fewer), so lowering the
  // values alone would change what those layers compute.
  unsupported: (call) => (call.config.mask_zero ? 'mask_zero=True: Keras masks are not lowered yet' : undefined),
  lower(g, call, [x]) {
    const dtype = call.inputs[0]!.dtype;
    const indices = dtype === 'int32' || dtype === 'int64' ? x! : g.op('Cast', [x!], { to: ONNX_DATA_TYPE.int32 });
    return [g.op('Gather', [g.weight(call.weights.embeddings!), indices], { axis: 0 })];
  },
};
