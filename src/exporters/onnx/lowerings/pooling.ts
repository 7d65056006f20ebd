import type { GlobalPoolingConfig, PoolingConfig } from '../../../layers/pooling.js';
import type { Lowering } from '../graph.js';
import { inChannelsFirst, spatialAxes } from './layout.js';
import { windowPadding } from './window.js';

/**
 * tf.nn.max_pool / avg_pool. ONNX MaxPool never picks a pad; AveragePool with count_include_pad=0
 * divides by the elements inside the input only, as TensorFlow's 'same' average does.
 */
function poolingLowering(kind: 'Max' | 'Average', rank: 1 | 2 | 3): Lowering<PoolingConfig> {
  return {
    className: `${kind}Pooling${rank}D`,
    lower(g, call, [x]) {
      const c = call.config;
      const input = call.inputs[0]!.shape;
      const window = { kernel: c.pool_size as number[], strides: c.strides as number[], dilations: Array<number>(rank).fill(1), padding: c.padding };
      const attributes = {
        kernel_shape: window.kernel,
        strides: window.strides,
        ...windowPadding(spatialAxes(rank + 2, c.data_format).map((axis) => input[axis]!), window),
        ...(kind === 'Average' && { count_include_pad: 0 }),
      };
      return [inChannelsFirst(g, x!, rank + 2, c.data_format, (xf) => g.op(`${kind}Pool`, [xf], attributes))];
    },
  };
}

/** Keras' `ops.mean` / `ops.max` over the spatial axes: a reduction needs no layout change. */
function globalPoolingLowering(kind: 'Max' | 'Average', rank: 1 | 2 | 3): Lowering<GlobalPoolingConfig> {
  return {
    className: `Global${kind}Pooling${rank}D`,
    lower: (g, call, [x]) => [
      g.reduce(kind === 'Max' ? 'ReduceMax' : 'ReduceMean', x!, spatialAxes(rank + 2, call.config.data_format), call.config.keepdims),
    ],
  };
}

const RANKS = [1, 2, 3] as const;
export const POOLING_LOWERINGS = (['Max', 'Average'] as const).flatMap((kind) =>
  RANKS.flatMap((rank) => [poolingLowering(kind, rank), globalPoolingLowering(kind, rank)]),
);
