import type { ConvTransposeConfig } from '../../../layers/conv-transpose.js';
import type { Attributes } from '../attributes.js';
import { channelsFirstKernel, channelsFirstLowering } from './conv.js';
import { windowPadding } from './window.js';

/**
 * ConvTranspose's attributes for Keras' conv_transpose (keras/src/backend/tensorflow/nn.py). Keras picks
 * the output length (n - 1)·s + tail (`_get_output_shape_given_tf_padding`) and runs
 * tf.nn.conv_transpose, the gradient of a convolution from that output: its result is the full transposed
 * convolution, (n - 1)·s + k_eff long, read from the convolution's 'same' pad before onwards, with zeros past
 * its end. In ONNX that start is `pads` before, and what remains is cut by `pads` after or, where the output
 * reaches past the full one, extended by `output_padding`. Neither depends on n: TensorFlow's 'same' pad is
 * the same for every (n - 1)·s + tail, so it is computed for n = 1 and the graph takes any spatial size.
 */
function transposeAttributes(c: ConvTransposeConfig): Attributes {
  const kernel = c.kernel_size as number[];
  const strides = c.strides as number[];
  const dilations = c.dilation_rate as number[];
  const span = kernel.map((k, i) => (k - 1) * dilations[i]! + 1);
  const outputPadding = c.output_padding as number[] | null;
  const tails = span.map((e, i) => {
    const s = strides[i]!;
    if (c.padding === 'valid') return e + (outputPadding?.[i] ?? Math.max(e, s) - e);
    return outputPadding ? (e % 2) + outputPadding[i]! : s;
  });
  const { pads = tails.flatMap(() => [0, 0]) } = windowPadding(tails, { kernel, strides, dilations, padding: c.padding }) as { pads?: number[] };
  const before = pads.slice(0, kernel.length);
  const after = span.map((e, i) => e - tails[i]! - before[i]!);
  return {
    kernel_shape: kernel,
    strides,
    dilations,
    pads: [...before, ...after.map((a) => Math.max(a, 0))],
    output_padding: after.map((a) => Math.max(-a, 0)),
  };
}

/**
 * Keras' BaseConvTranspose: `activation(conv_transpose(x, kernel) + bias)`. Its (*spatial, filters, in)
 * kernel is ConvTranspose's (in, filters, *spatial) after the same axis move as Conv's, with no flip.
 */
const convTransposeLowering = (rank: 1 | 2 | 3) =>
  channelsFirstLowering<ConvTransposeConfig>(`Conv${rank}DTranspose`, rank, (g, call, x, bias) => {
    const kernel = channelsFirstKernel(g, call.weights.kernel!, call.name);
    return g.op('ConvTranspose', [x, kernel, bias], transposeAttributes(call.config));
  });

export const CONV_TRANSPOSE_LOWERINGS = [convTransposeLowering(1), convTransposeLowering(2), convTransposeLowering(3)];
