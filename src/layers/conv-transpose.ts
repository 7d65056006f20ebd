// Transposed convolutions (Keras' `BaseConvTranspose`): the gradient of a convolution, used to upsample.
import { KerasBridgeError } from '../ir/errors.js';
import { layerFactory, type LayerDefinition } from '../ir/define-layer.js';
import type { Dim } from '../ir/shape.js';
import type { TensorSpec } from '../ir/tensor.js';
import {
  KERNEL_BIAS_DEFAULTS,
  checkActivation,
  checkPositiveInt,
  inputOfRank,
  toNonNegativeTuple,
  type IntOrTuple,
  type KernelBiasConfig,
} from './common.js';
import { spatialLayout } from './conv.js';
import {
  WINDOW_DEFAULTS,
  inputChannels,
  normalizeWindow,
  rejectStridedDilation,
  type ConvWindowConfig,
} from './conv-window.js';

export interface ConvTransposeConfig extends ConvWindowConfig, KernelBiasConfig {
  filters: number;
  /** Extra length added on one side of each output axis; `null` lets Keras infer it. */
  output_padding: IntOrTuple | null;
}

/** Keras' `_get_output_shape_given_tf_padding`, for one spatial axis. */
function transposedLength(
  length: Dim,
  kernel: number,
  stride: number,
  padding: 'valid' | 'same',
  outputPadding: number | null,
  dilation: number,
): Dim {
  if (length === null) return null;
  const effective = (kernel - 1) * dilation + 1;
  if (padding === 'valid') return (length - 1) * stride + effective + (outputPadding ?? Math.max(effective, stride) - effective);
  return outputPadding === null ? length * stride : (length - 1) * stride + (effective % 2) + outputPadding;
}

function checkOutputPadding(outputPadding: number[], strides: number[]): void {
  const i = outputPadding.findIndex((p, k) => p >= strides[k]!);
  if (i >= 0) {
    throw new KerasBridgeError(
      'INVALID_ARGUMENT',
      `\`output_padding\` must be strictly less than \`strides\` for all dimensions. At dimension ${i}, ` +
        `\`output_padding\` is ${outputPadding[i]} but \`strides\` is ${strides[i]}.`,
    );
  }
}

function convTransposeDefinition(rank: 1 | 2 | 3): LayerDefinition<ConvTransposeConfig> {
  const input = (inputs: TensorSpec[]) => inputOfRank(inputs, { exact: rank + 2 });
  return {
    className: `Conv${rank}DTranspose`,
    defaults: { filters: 0, ...WINDOW_DEFAULTS, output_padding: null, ...KERNEL_BIAS_DEFAULTS },
    positional: ['filters', 'kernel_size'],
    required: ['filters', 'kernel_size'],
    normalize(config) {
      checkPositiveInt(config.filters, 'filters');
      checkActivation(config.activation);
      const c = normalizeWindow(config, rank);
      rejectStridedDilation(c);
      if (c.output_padding === null) return c;
      const outputPadding = toNonNegativeTuple(c.output_padding, rank, 'output_padding');
      checkOutputPadding(outputPadding, c.strides as number[]);
      return { ...c, output_padding: outputPadding };
    },
    outputSpecs(c, inputs) {
      const layout = spatialLayout(input(inputs).shape, c.data_format);
      const at = (option: IntOrTuple | null, i: number) => (option === null ? null : (option as number[])[i]!);
      const spatial = layout.spatial.map((d, i) =>
        transposedLength(d, at(c.kernel_size, i)!, at(c.strides, i)!, c.padding, at(c.output_padding, i), at(c.dilation_rate, i)!),
      );
      return [{ shape: layout.assemble(layout.batch, spatial, c.filters), dtype: 'float32' }];
    },
    weights(c, inputs) {
      // Transposed: the kernel maps `filters` outputs back onto the input channels.
      const kernel = [...(c.kernel_size as number[]), c.filters, inputChannels(c, input(inputs))];
      return [{ name: 'kernel', shape: kernel }, ...(c.use_bias ? [{ name: 'bias', shape: [c.filters] }] : [])];
    },
  };
}

type ConvTransposePositional = [filters: number, kernel_size: IntOrTuple];
export const Conv1DTranspose = layerFactory<ConvTransposeConfig, ConvTransposePositional>(convTransposeDefinition(1));
export const Conv2DTranspose = layerFactory<ConvTransposeConfig, ConvTransposePositional>(convTransposeDefinition(2));
export const Conv3DTranspose = layerFactory<ConvTransposeConfig, ConvTransposePositional>(convTransposeDefinition(3));
