import type { LocallyConnectedConfig } from '../../../layers/locally-connected.js';
import type { Lowering } from '../graph.js';
import { weightSource, type TensorData } from '../tensor-data.js';
import { activation, activationUnsupported } from './activations.js';

const product = (values: readonly number[]) => values.reduce((a, b) => a * b, 1);

/** Row-major positions of a grid: [0, ..., 0], [0, ..., 1], ... */
function gridPoints(sizes: readonly number[]): number[][] {
  return sizes.reduceRight<number[][]>((inner, size) => Array.from({ length: size }, (_, i) => inner.map((rest) => [i, ...rest])).flat(), [[]]);
}

/**
 * tf.keras 2's implementation 1 (`backend.local_conv`; the layer left Keras 3): for each output position,
 * row-major, the window `x[..., p·s : p·s + k, ...]` flattened, times that position's (window·C, filters)
 * kernel. Here one Gather collects every window of the flattened spatial axes, one Transpose puts the
 * positions first, and one batched MatMul multiplies each with its own kernel: onnxruntime runs that
 * faster than a broadcast MatMul or an Einsum of the same shapes, and far faster than a Conv per position.
 */
function locallyConnectedLowering(rank: 1 | 2): Lowering<LocallyConnectedConfig> {
  return {
    className: `LocallyConnected${rank}D`,
    unsupported: (call) =>
      // tf.keras 2 refused 'same' with implementation 1, so no saved layer has it; Keras 3 has no such layer.
      call.config.padding !== 'valid' ? "padding 'same' has no implementation-1 formula" : activationUnsupported(call.config.activation),
    lower(g, call, [x]) {
      const c = call.config;
      const kernel = c.kernel_size as number[];
      const strides = c.strides as number[];
      const channelsLast = c.data_format === 'channels_last';
      const shape = call.inputs[0]!.shape as number[];
      const spatial = channelsLast ? shape.slice(1, -1) : shape.slice(2);
      const grid = spatial.map((n, i) => Math.floor((n - kernel[i]!) / strides[i]!) + 1);
      const [positions, window] = [product(grid), product(kernel)];
      const flatIndex = (point: readonly number[]) => point.reduce((index, p, i) => index * spatial[i]! + p, 0);
      const windows = gridPoints(grid).flatMap((at) => gridPoints(kernel).map((offset) => flatIndex(at.map((p, i) => p * strides[i]! + offset[i]!))));
      const indices: TensorData = { dtype: 'int64', dims: [positions, window], data: BigInt64Array.from(windows, BigInt) };
      // Channels-last windows are (window, C), channels-first ones (C, window), as local_conv flattens them.
      const flat = g.op('Reshape', [x!, g.int64s(channelsLast ? [0, -1, shape[shape.length - 1]!] : [0, shape[1]!, -1])]);
      const gathered = g.op('Gather', [flat, g.constant(indices)], { axis: channelsLast ? 1 : 2 });
      const byPosition = g.op('Transpose', [gathered], { perm: channelsLast ? [1, 0, 2, 3] : [2, 0, 1, 3] });
      const rows = g.op('Reshape', [byPosition, g.int64s([positions, -1, call.weights.kernel!.shape[1]!])]);
      const products = g.op('MatMul', [rows, g.weight(call.weights.kernel!)]);
      const batchFirst = g.op('Transpose', [products], { perm: channelsLast ? [1, 0, 2] : [1, 2, 0] });
      let y = g.op('Reshape', [batchFirst, g.int64s(channelsLast ? [0, ...grid, c.filters] : [0, c.filters, ...grid])]);
      if (c.use_bias) {
        // backend.bias_add reshapes, not transposes, the (*grid, filters) bias to channels-first.
        const bias = call.weights.bias!;
        const dims = channelsLast ? bias.shape : [c.filters, ...grid];
        y = g.op('Add', [y, g.initializer(bias.path, weightSource(bias, call.name, dims))]);
      }
      return [activation(g, c.activation, y)];
    },
  };
}

export const LOCALLY_CONNECTED_LOWERINGS = [locallyConnectedLowering(1), locallyConnectedLowering(2)];
