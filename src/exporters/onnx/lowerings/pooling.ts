import type { GlobalPoolingConfig, PoolingConfig } from '../../../layers/pooling.js';
import type { Lowering } from '../graph.js';
import { ONNX_DATA_TYPE } from '../tensor-data.js';
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

/**
 * Keras' `ops.mean` / `ops.max` over the spatial axes: a reduction needs no layout change. With a mask,
 * GlobalAveragePooling1D averages the kept steps only (global_average_pooling1d.py), 0 / 0 where none is.
 */
function globalPoolingLowering(kind: 'Max' | 'Average', rank: 1 | 2 | 3): Lowering<GlobalPoolingConfig> {
  return {
    className: `Global${kind}Pooling${rank}D`,
    appliesMasks: kind === 'Average' && rank === 1,
    lower(g, call, [x], { masks: [mask] }) {
      const axes = spatialAxes(rank + 2, call.config.data_format);
      if (!mask) return [g.reduce(kind === 'Max' ? 'ReduceMax' : 'ReduceMean', x!, axes, call.config.keepdims)];
      const kept = g.unsqueeze(mask, [call.config.data_format === 'channels_last' ? 2 : 1]);
      const sum = g.reduce('ReduceSum', g.op('Where', [kept, x!, g.scalar(0)]), axes, call.config.keepdims);
      const count = g.reduce('ReduceSum', g.op('Cast', [kept], { to: ONNX_DATA_TYPE.float32 }), axes, call.config.keepdims);
      return [g.op('Div', [sum, count])];
    },
  };
}

const RANKS = [1, 2, 3] as const;
export const POOLING_LOWERINGS = (['Max', 'Average'] as const).flatMap((kind) =>
  RANKS.flatMap((rank) => [poolingLowering(kind, rank), globalPoolingLowering(kind, rank)]),
);
