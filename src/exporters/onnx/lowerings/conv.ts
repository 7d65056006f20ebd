import type { Shape } from '../../../ir/shape.js';
import type { Weight } from '../../../ir/weight.js';
import type { ConvConfig } from '../../../layers/conv.js';
import type { Attributes } from '../attributes.js';
import type { LayerCall, Lowering, OnnxGraph, Value } from '../graph.js';
import { transposeWhenWritten, weightSource } from '../tensor-data.js';
import { activation, activationUnsupported } from './activations.js';
import { inChannelsFirst, spatialAxes } from './layout.js';
import { windowPadding } from './window.js';

/**
 * A Keras kernel (*spatial, a, b) as the initializer ONNX wants, (b, a, *spatial): Conv's
 * (filters, in / groups, ...) and ConvTranspose's (in, filters, ...) alike. `dims` first reads the stored
 * values in another shape of the same order, as a depthwise kernel's (..., in, multiplier) is (..., 1, in·multiplier).
 */
export function channelsFirstKernel(g: OnnxGraph, weight: Weight, layerName: string, dims: readonly number[] = weight.shape): Value {
  const rank = dims.length - 2;
  const perm = [rank + 1, rank, ...Array.from({ length: rank }, (_, i) => i)];
  return g.initializer(weight.path, transposeWhenWritten(weightSource(weight, layerName, dims), perm));
}

/** Conv's window attributes for Keras' window options on an input of shape `input`, padded like TensorFlow. */
export function convAttributes(
  c: Pick<ConvConfig, 'kernel_size' | 'strides' | 'dilation_rate' | 'padding' | 'data_format'>,
  input: Shape,
  group: number,
): Attributes {
  const window = { kernel: c.kernel_size as number[], strides: c.strides as number[], dilations: c.dilation_rate as number[], padding: c.padding };
  return {
    kernel_shape: window.kernel,
    strides: window.strides,
    dilations: window.dilations,
    group,
    ...windowPadding(spatialAxes(input.length, c.data_format).map((axis) => input[axis]!), window),
  };
}

/**
 * A layer computing `activation(convolve(x) + bias)`, with `convolve` run channels-first on `x` of rank
 * `rank` + 2 and given the bias to add.
 */
export function channelsFirstLowering<C extends Pick<ConvConfig, 'activation' | 'use_bias' | 'data_format'>>(
  className: string,
  rank: number,
  convolve: (g: OnnxGraph, call: LayerCall<C>, x: Value, bias: Value | undefined) => Value,
): Lowering<C> {
  return {
    className,
    unsupported: (call) => activationUnsupported(call.config.activation),
    lower(g, call, [x]) {
      const c = call.config;
      const bias = c.use_bias ? g.weight(call.weights.bias!) : undefined;
      const y = inChannelsFirst(g, x!, rank + 2, c.data_format, (xf) => convolve(g, call, xf, bias));
      return [activation(g, c.activation, y)];
    },
  };
}

/**
 * Keras' BaseConv: `activation(conv(x, kernel) + bias)` (keras/src/layers/convolutional/base_conv.py).
 * ONNX's `group` splits channels into consecutive blocks, as TensorFlow does.
 */
const convLowering = (rank: 1 | 2 | 3) =>
  channelsFirstLowering<ConvConfig>(`Conv${rank}D`, rank, (g, call, x, bias) => {
    const kernel = channelsFirstKernel(g, call.weights.kernel!, call.name);
    return g.op('Conv', [x, kernel, bias], convAttributes(call.config, call.inputs[0]!.shape, call.config.groups));
  });

export const CONV_LOWERINGS = [convLowering(1), convLowering(2), convLowering(3)];
