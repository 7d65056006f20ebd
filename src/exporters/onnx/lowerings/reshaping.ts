// keras/src/layers/reshaping/{flatten,reshape,permute,repeat_vector}.py. Shapes keep the batch
// dimension as ONNX Reshape's 0 ("copy this dimension"), so any batch size runs.
import type { FlattenConfig, PermuteConfig, RepeatVectorConfig, ReshapeConfig } from '../../../layers/reshaping.js';
import type { Lowering } from '../graph.js';

/** Keras moves the channels of a channels-first input last first, so the order is always channels-last. */
const FLATTEN_LOWERING: Lowering<FlattenConfig> = {
  className: 'Flatten',
  lower(g, call, [x]) {
    const rank = call.inputs[0]!.shape.length;
    const channelsLast =
      call.config.data_format === 'channels_first' && rank > 2
        ? g.op('Transpose', [x!], { perm: [0, ...Array.from({ length: rank - 2 }, (_, i) => i + 2), 1] })
        : x!;
    return [g.op('Reshape', [channelsLast, g.int64s([0, call.outputs[0]!.shape[1] ?? -1])])];
  },
};

/** Keras resolves the target's -1 where it can; what stays unknown is left to ONNX's -1. */
const RESHAPE_LOWERING: Lowering<ReshapeConfig> = {
  className: 'Reshape',
  lower: (g, call, [x]) => [g.op('Reshape', [x!, g.int64s([0, ...call.outputs[0]!.shape.slice(1).map((d) => d ?? -1)])])],
};

const PERMUTE_LOWERING: Lowering<PermuteConfig> = {
  className: 'Permute',
  lower: (g, call, [x]) => [g.op('Transpose', [x!], { perm: [0, ...call.config.dims] })],
};

/** (batch, features) -> (batch, 1, features), repeated n times along axis 1. */
const REPEAT_VECTOR_LOWERING: Lowering<RepeatVectorConfig> = {
  className: 'RepeatVector',
  lower: (g, call, [x]) => [g.op('Tile', [g.unsqueeze(x!, [1]), g.int64s([1, call.config.n, 1])])],
};

export const RESHAPING_LOWERINGS = [FLATTEN_LOWERING, RESHAPE_LOWERING, PERMUTE_LOWERING, REPEAT_VECTOR_LOWERING];
