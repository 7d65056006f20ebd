// The sliding window the convolution families beside Conv1D/2D/3D share: depthwise, separable,
// transposed and recurrent (ConvLSTM) convolutions standardise and use it the same way.
import { KerasBridgeError } from '../ir/errors.js';
import { formatShape, type Dim } from '../ir/shape.js';
import type { TensorSpec } from '../ir/tensor.js';
import {
  checkOneOf,
  knownDim,
  toTuple,
  windowOutputLength,
  type DataFormat,
  type IntOrTuple,
} from './common.js';
import { spatialLayout } from './conv.js';

export interface ConvWindowConfig {
  kernel_size: IntOrTuple;
  strides: IntOrTuple;
  /** Only Conv1D also takes 'causal'. */
  padding: 'valid' | 'same';
  data_format: DataFormat;
  dilation_rate: IntOrTuple;
}

/** Keras' defaults for the window; `kernel_size` has none and must be given. */
export const WINDOW_DEFAULTS: ConvWindowConfig = { kernel_size: [], strides: 1, padding: 'valid', data_format: 'channels_last', dilation_rate: 1 };

/** The window options as tuples, which is how Keras stores and serialises them. */
export function normalizeWindow<C extends ConvWindowConfig>(c: C, rank: number): C {
  checkOneOf(c.padding, ['valid', 'same'], 'padding');
  checkOneOf(c.data_format, ['channels_last', 'channels_first'], 'data_format');
  return {
    ...c,
    kernel_size: toTuple(c.kernel_size, rank, 'kernel_size'),
    strides: toTuple(c.strides, rank, 'strides'),
    dilation_rate: toTuple(c.dilation_rate, rank, 'dilation_rate'),
  };
}

/** Transposed and recurrent convolutions reject the combination; depthwise and separable ones allow it. */
export function rejectStridedDilation(c: ConvWindowConfig): void {
  const strides = c.strides as number[];
  const dilation = c.dilation_rate as number[];
  if (Math.max(...strides) > 1 && Math.max(...dilation) > 1) {
    throw new KerasBridgeError(
      'INVALID_ARGUMENT',
      `\`strides > 1\` is not supported together with \`dilation_rate > 1\`. Received: strides=${JSON.stringify(strides)} ` +
        `and dilation_rate=${JSON.stringify(dilation)}. Set one of them to 1.`,
    );
  }
}

/** The channel count of the input, which every kernel's shape depends on. */
export function inputChannels(c: ConvWindowConfig, x: TensorSpec): number {
  return knownDim(spatialLayout(x.shape, c.data_format).channels, 'channel dimension', x.shape);
}

/** Output spec of a (non-transposed) convolution producing `channels` channels, as Keras' `compute_conv_output_shape`. */
export function convOutputSpec(c: ConvWindowConfig, x: TensorSpec, channels: Dim): TensorSpec {
  const layout = spatialLayout(x.shape, c.data_format);
  const kernel = c.kernel_size as number[];
  const spatial = layout.spatial.map((d, i) =>
    windowOutputLength(d, kernel[i]!, (c.strides as number[])[i]!, c.padding, (c.dilation_rate as number[])[i]!),
  );
  if (spatial.some((d) => d !== null && d <= 0)) {
    throw new KerasBridgeError(
      'INCOMPATIBLE_SHAPES',
      `Computed output size would be zero or negative for input shape ${formatShape(x.shape)}, kernel_size ` +
        `${JSON.stringify(kernel)} and padding '${c.padding}'. Use padding='same', a smaller kernel or a larger input.`,
    );
  }
  return { shape: layout.assemble(layout.batch, spatial, channels), dtype: 'float32' };
}
