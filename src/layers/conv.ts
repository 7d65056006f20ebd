import { KerasBridgeError } from '../ir/errors.js';
import { layerFactory, type LayerDefinition, type WeightArray } from '../ir/define-layer.js';
import type { Dim } from '../ir/shape.js';
import type { TensorSpec } from '../ir/tensor.js';
import {
  KERNEL_BIAS_DEFAULTS,
  checkActivation,
  checkOneOf,
  checkPositiveInt,
  inputOfRank,
  knownDim,
  toTuple,
  windowOutputLength,
  type DataFormat,
  type IntOrTuple,
  type KernelBiasConfig,
} from './common.js';
import {
  KERNEL_BIAS_RENAMES,
  dropAxis,
  permuteAxes,
  renamedClass,
  sequenceInputShape,
  upgradeConvKernel,
  upgradeLegacyOptions,
  type SavedConfig,
} from './legacy.js';

export type ConvPadding = 'valid' | 'same' | 'causal';

/** The options shared by Conv1D, Conv2D and Conv3D (Keras' `BaseConv`). */
export interface ConvConfig extends KernelBiasConfig {
  filters: number;
  kernel_size: IntOrTuple;
  strides: IntOrTuple;
  padding: ConvPadding;
  data_format: DataFormat;
  dilation_rate: IntOrTuple;
  groups: number;
}

/** Splits an input shape into batch, spatial dims and channels according to the data format. */
export function spatialLayout(shape: readonly Dim[], format: DataFormat) {
  const channelsLast = format === 'channels_last';
  return {
    batch: shape[0] ?? null,
    spatial: channelsLast ? shape.slice(1, -1) : shape.slice(2),
    channels: (channelsLast ? shape[shape.length - 1] : shape[1]) ?? null,
    assemble: (batch: Dim, spatial: Dim[], channels: Dim): Dim[] =>
      channelsLast ? [batch, ...spatial, channels] : [batch, channels, ...spatial],
  };
}

function convDefinition(rank: 1 | 2 | 3): LayerDefinition<ConvConfig> {
  const tuple = (v: IntOrTuple, option: string) => toTuple(v, rank, option);
  const channelsOf = (c: ConvConfig, x: TensorSpec) =>
    knownDim(spatialLayout(x.shape, c.data_format).channels, 'channel dimension', x.shape);
  return {
    className: `Conv${rank}D`,
    defaults: {
      filters: 0,
      kernel_size: [],
      strides: 1,
      padding: 'valid',
      data_format: 'channels_last',
      dilation_rate: 1,
      groups: 1,
      ...KERNEL_BIAS_DEFAULTS,
    },
    positional: ['filters', 'kernel_size'],
    required: ['filters', 'kernel_size'],
    normalize(c) {
      checkPositiveInt(c.filters, 'filters');
      checkPositiveInt(c.groups, 'groups');
      checkOneOf(c.padding, rank === 1 ? ['valid', 'same', 'causal'] : ['valid', 'same'], 'padding');
      checkOneOf(c.data_format, ['channels_last', 'channels_first'], 'data_format');
      checkActivation(c.activation);
      if (c.filters % c.groups !== 0) {
        throw new KerasBridgeError(
          'INVALID_ARGUMENT',
          `The number of filters must be evenly divisible by the number of groups. Received: groups=${c.groups}, filters=${c.filters}.`,
        );
      }
      const strides = tuple(c.strides, 'strides');
      const dilation = tuple(c.dilation_rate, 'dilation_rate');
      if (strides.some((s) => s > 1) && dilation.some((d) => d > 1)) {
        throw new KerasBridgeError(
          'INVALID_ARGUMENT',
          `strides > 1 not supported in conjunction with dilation_rate > 1. Received: strides=${JSON.stringify(strides)} and dilation_rate=${JSON.stringify(dilation)}.`,
        );
      }
      return { ...c, kernel_size: tuple(c.kernel_size, 'kernel_size'), strides, dilation_rate: dilation };
    },
    outputSpecs(c, inputs) {
      const x = inputOfRank(inputs, { exact: rank + 2 });
      const layout = spatialLayout(x.shape, c.data_format);
      const kernel = c.kernel_size as number[];
      const strides = c.strides as number[];
      const dilation = c.dilation_rate as number[];
      const spatial = layout.spatial.map((d, i) => windowOutputLength(d, kernel[i]!, strides[i]!, c.padding, dilation[i]!));
      if (spatial.some((d) => d !== null && d <= 0)) {
        throw new KerasBridgeError(
          'INCOMPATIBLE_SHAPES',
          `Computed output size would be negative: input shape (${x.shape.join(', ')}) with kernel_size ${JSON.stringify(kernel)}, ` +
            `strides ${JSON.stringify(strides)} and padding '${c.padding}'. Use padding='same' or a smaller kernel.`,
        );
      }
      return [{ shape: layout.assemble(layout.batch, spatial, c.filters), dtype: 'float32' }];
    },
    weights(c, inputs) {
      const x = inputOfRank(inputs, { exact: rank + 2 });
      const channels = channelsOf(c, x);
      if (channels % c.groups !== 0) {
        throw new KerasBridgeError(
          'INCOMPATIBLE_SHAPES',
          `The number of input channels must be evenly divisible by the number of groups. Received groups=${c.groups}, but the input has ${channels} channels.`,
        );
      }
      const kernel = [...(c.kernel_size as number[]), channels / c.groups, c.filters];
      return [{ name: 'kernel', shape: kernel }, ...(c.use_bias ? [{ name: 'bias', shape: [c.filters] }] : [])];
    },
    upgradeConfig: upgradeConvConfig,
    upgradeWeights: (arrays, c, context) => upgradeConvKernel(arrays, context, (kernel) => keras1Kernel(rank, kernel, c)),
  };
}

/**
 * Keras 2 `legacy_conv1d_support` / `legacy_conv2d_support` / `legacy_conv3d_support`: Keras 1 passed the
 * kernel size as `filter_length`, `nb_row`/`nb_col` or `kernel_dim1..3`, and Convolution1D its input as
 * `input_dim`/`input_length`. AtrousConvolution's `atrous_rate` is Keras 2's `dilation_rate`
 * (keras/legacy/layers.py `AtrousConvolution1D/2D`).
 */
function upgradeConvConfig(config: SavedConfig): SavedConfig {
  const upgraded = upgradeLegacyOptions(config, [
    ['nb_filter', 'filters'],
    ['filter_length', 'kernel_size'],
    ['subsample_length', 'strides'],
    ['subsample', 'strides'],
    ['border_mode', 'padding'],
    ['atrous_rate', 'dilation_rate'],
    ...KERNEL_BIAS_RENAMES,
  ]);
  const sizeKeys = ['nb_row', 'nb_col', 'kernel_dim1', 'kernel_dim2', 'kernel_dim3'].filter((key) => key in upgraded);
  if (sizeKeys.length > 0) {
    if (!('kernel_size' in upgraded)) upgraded.kernel_size = sizeKeys.map((key) => upgraded[key]);
    for (const key of sizeKeys) delete upgraded[key];
  }
  return sequenceInputShape(upgraded);
}

/**
 * Keras 1 kernel layouts (Keras 2 `preprocess_weights_for_loading`, `original_keras_version == '1'`):
 * Convolution1D ran a 2-D convolution on (length, 1) and saved (length, 1, input, filters), or in
 * Keras 1.1 (filters, input, length, 1); 'th'-ordered Convolution2D/3D saved (filters, input, *spatial).
 */
function keras1Kernel(rank: 1 | 2 | 3, kernel: WeightArray, c: ConvConfig): WeightArray {
  if (rank === 1) {
    if (kernel.shape.length !== 4) return kernel;
    const [length] = c.kernel_size as number[];
    const [k0, k1, , k3] = kernel.shape;
    const keras11 = k0 !== length || k1 !== 1 || k3 !== c.filters;
    return dropAxis(keras11 ? permuteAxes(kernel, [2, 3, 1, 0]) : kernel, 1);
  }
  if (c.data_format !== 'channels_first') return kernel;
  return permuteAxes(kernel, rank === 2 ? [2, 3, 1, 0] : [2, 3, 4, 1, 0]);
}

type ConvPositional = [filters: number, kernel_size: IntOrTuple];
export const Conv1D = layerFactory<ConvConfig, ConvPositional>(convDefinition(1));
export const Conv2D = layerFactory<ConvConfig, ConvPositional>(convDefinition(2));
export const Conv3D = layerFactory<ConvConfig, ConvPositional>(convDefinition(3));

/** Keras 1 class names; Keras 2 kept the convolutions as aliases (`Convolution2D = Conv2D`, ...). */
export const CONV_LEGACY_CLASSES = [
  renamedClass('Convolution1D', 'Conv1D', upgradeConvConfig),
  renamedClass('Convolution2D', 'Conv2D', upgradeConvConfig),
  renamedClass('Convolution3D', 'Conv3D', upgradeConvConfig),
  renamedClass('AtrousConvolution1D', 'Conv1D', upgradeConvConfig),
  renamedClass('AtrousConvolution2D', 'Conv2D', upgradeConvConfig),
  // Keras 2 dropped the explicit `output_shape`: Conv2DTranspose derives it (legacy `deconv2d_args_preprocessor`).
  renamedClass('Deconvolution2D', 'Conv2DTranspose', (config) => {
    const { output_shape: _outputShape, ...rest } = upgradeConvConfig(config);
    return rest;
  }),
  // One Keras 1 `init` served both kernels (legacy `separable_conv2d_args_preprocessor`).
  renamedClass('SeparableConvolution2D', 'SeparableConv2D', ({ init, ...config }: SavedConfig) =>
    upgradeConvConfig(init === undefined ? config : { depthwise_initializer: init, pointwise_initializer: init, ...config }),
  ),
];
