import type { Weight } from '../../../ir/weight.js';
import type { DepthwiseConvConfig, SeparableConvConfig } from '../../../layers/depthwise-conv.js';
import type { LayerCall, OnnxGraph, Value } from '../graph.js';
import { channelsFirstKernel, channelsFirstLowering, convAttributes } from './conv.js';

/**
 * tf.nn.depthwise_conv2d: output channel c·M + m is input channel c convolved with its filter m, which is
 * ONNX Conv with one group per input channel. The (..., C, M) kernel holds its values in the order of a
 * (..., 1, C·M) one. With strides and dilation both above 1 Keras pads as 'same' with the strides, runs
 * the dilated convolution at stride 1 and subsamples: the same numbers as one strided, dilated Conv.
 */
function depthwise(g: OnnxGraph, call: LayerCall<DepthwiseConvConfig>, kernel: Weight, x: Value, bias?: Value): Value {
  const [channels, multiplier] = kernel.shape.slice(-2) as [number, number];
  const onnxKernel = channelsFirstKernel(g, kernel, call.name, [...kernel.shape.slice(0, -2), 1, channels * multiplier]);
  return g.op('Conv', [x, onnxKernel, bias], convAttributes(call.config, call.inputs[0]!.shape, channels));
}

const depthwiseLowering = (rank: 1 | 2) =>
  channelsFirstLowering<DepthwiseConvConfig>(`DepthwiseConv${rank}D`, rank, (g, call, x, bias) => depthwise(g, call, call.weights.kernel!, x, bias));

/** tf.nn.separable_conv2d: the depthwise convolution, then a 1x1 one mixing its C·M channels into `filters`. */
const separableLowering = (rank: 1 | 2) =>
  channelsFirstLowering<SeparableConvConfig>(`SeparableConv${rank}D`, rank, (g, call, x, bias) => {
    const pointwise = channelsFirstKernel(g, call.weights.pointwise_kernel!, call.name);
    const spread = depthwise(g, call, call.weights.depthwise_kernel!, x);
    return g.op('Conv', [spread, pointwise, bias], { kernel_shape: Array<number>(rank).fill(1) });
  });

export const DEPTHWISE_CONV_LOWERINGS = [depthwiseLowering(1), depthwiseLowering(2), separableLowering(1), separableLowering(2)];
