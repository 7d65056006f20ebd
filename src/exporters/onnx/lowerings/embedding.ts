import type { EmbeddingConfig } from '../../../layers/embedding.js';
import type { Lowering } from '../graph.js';
import { ONNX_DATA_TYPE } from '../tensor-data.js';

/**
 * `take(embeddings, indices)`; Keras casts indices that are not int32/int64 to int32 first (truncating).
 * The mask of `mask_zero=True` is the layer definition's `computeMask`.
 */
export const EMBEDDING_LOWERING: Lowering<EmbeddingConfig> = {
  className: 'Embedding',
  lower(g, call, [x]) {
    const dtype = call.inputs[0]!.dtype;
    const indices = dtype === 'int32' || dtype === 'int64' ? x! : g.op('Cast', [x!], { to: ONNX_DATA_TYPE.int32 });
    return [g.op('Gather', [g.weight(call.weights.embeddings!), indices], { axis: 0 })];
  },
};
