import type { ConvConfig } from '../../../layers/conv.js';
import type { Lowering } from '../graph.js';
import { transposeTensor, weightTensor } from '../tensor-data.js';
import { activation, activationUnsupported } from './activations.js';
import { inChannelsFirst, spatialAxes } from './layout.js';
import { windowPadding } from './window.js';

/**
 * Keras' BaseConv: `activation(conv(x, kernel) + bias)` (keras/src/layers/convolutional/base_conv.py).
 * The kernel (*spatial, in / groups, filters) becomes ONNX's (filters, in / groups, *spatial) at export
 * time; ONNX's `group` splits channels into consecutive blocks, as TensorFlow does.
 */
function convLowering(rank: 1 | 2 | 3): Lowering<ConvConfig> {
  return {
    className: `Conv${rank}D`,
    unsupported: (call) => activationUnsupported(call.config.activation),
    lower(g, call, [x]) {
      const c = call.config;
      const input = call.inputs[0]!.shape;
      const window = {
        kernel: c.kernel_size as number[],
        strides: c.strides as number[],
        dilations: c.dilation_rate as number[],
        padding: c.padding,
      };
      const kernelPerm = [rank + 1, rank, ...Array.from({ length: rank }, (_, i) => i)];
      const kernel = g.initializer(call.weights.kernel!.path, transposeTensor(weightTensor(call.weights.kernel!, call.name), kernelPerm));
      const bias = c.use_bias ? g.weight(call.weights.bias!) : undefined;
      const attributes = {
        kernel_shape: window.kernel,
        strides: window.strides,
        dilations: window.dilations,
        group: c.groups,
        ...windowPadding(spatialAxes(rank + 2, c.data_format).map((axis) => input[axis]!), window),
      };
      const y = inChannelsFirst(g, x!, rank + 2, c.data_format, (xf) => g.op('Conv', [xf, kernel, bias], attributes));
      return [activation(g, c.activation, y)];
    },
  };
}

export const CONV_LOWERINGS = [convLowering(1), convLowering(2), convLowering(3)];
