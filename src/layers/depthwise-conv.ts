// Depthwise convolutions (each input channel convolved with its own `depth_multiplier` filters) and
// separable ones (a depthwise convolution, then a 1x1 "pointwise" one mixing the channels): Keras'
// `BaseDepthwiseConv` and `BaseSeparableConv`.
import { layerFactory, type LayerDefinition } from '../ir/define-layer.js';
import type { TensorSpec } from '../ir/tensor.js';
import type { WeightSpec } from '../ir/weight.js';
import {
  checkActivation,
  checkPositiveInt,
  inputOfRank,
  type Activation,
  type Constraint,
  type Initializer,
  type IntOrTuple,
  type Regularizer,
} from './common.js';
import {
  WINDOW_DEFAULTS,
  convOutputSpec,
  inputChannels,
  normalizeWindow,
  type ConvWindowConfig,
} from './conv-window.js';

export interface DepthwiseConvConfig extends ConvWindowConfig {
  depth_multiplier: number;
  activation: Activation;
  use_bias: boolean;
  depthwise_initializer: Initializer;
  bias_initializer: Initializer;
  depthwise_regularizer: Regularizer;
  bias_regularizer: Regularizer;
  activity_regularizer: Regularizer;
  depthwise_constraint: Constraint;
  bias_constraint: Constraint;
}

export interface SeparableConvConfig extends DepthwiseConvConfig {
  filters: number;
  pointwise_initializer: Initializer;
  pointwise_regularizer: Regularizer;
  pointwise_constraint: Constraint;
}

const separableDefaults: SeparableConvConfig = {
  depth_multiplier: 1,
  filters: 0,
  ...WINDOW_DEFAULTS,
  activation: 'linear',
  use_bias: true,
  depthwise_initializer: 'glorot_uniform',
  pointwise_initializer: 'glorot_uniform',
  bias_initializer: 'zeros',
  depthwise_regularizer: null,
  pointwise_regularizer: null,
  bias_regularizer: null,
  activity_regularizer: null,
  depthwise_constraint: null,
  pointwise_constraint: null,
  bias_constraint: null,
};

// The same options less the pointwise ones, in the order Keras' `get_config()` writes them.
const {
  filters: _filters,
  pointwise_initializer: _initializer,
  pointwise_regularizer: _regularizer,
  pointwise_constraint: _constraint,
  ...depthwiseDefaults
} = separableDefaults;

/** What the two families share; `filters` is the separable one's output width. */
function depthwiseBase<C extends DepthwiseConvConfig>(rank: 1 | 2, c: C): C {
  checkPositiveInt(c.depth_multiplier, 'depth_multiplier');
  checkActivation(c.activation);
  return normalizeWindow(c, rank);
}

/** The depthwise kernel: one `(kernel..., 1, depth_multiplier)` slice per input channel. */
function depthwiseKernel(c: DepthwiseConvConfig, channels: number, name: string): WeightSpec {
  return { name, shape: [...(c.kernel_size as number[]), channels, c.depth_multiplier] };
}

function depthwiseDefinition(rank: 1 | 2): LayerDefinition<DepthwiseConvConfig> {
  const input = (inputs: TensorSpec[]) => inputOfRank(inputs, { exact: rank + 2 });
  return {
    className: `DepthwiseConv${rank}D`,
    defaults: depthwiseDefaults,
    positional: ['kernel_size'],
    required: ['kernel_size'],
    normalize: (c) => depthwiseBase(rank, c),
    outputSpecs(c, inputs) {
      const x = input(inputs);
      return [convOutputSpec(c, x, c.depth_multiplier * inputChannels(c, x))];
    },
    weights(c, inputs) {
      const channels = inputChannels(c, input(inputs));
      const bias = [{ name: 'bias', shape: [c.depth_multiplier * channels] }];
      // Keras 3 names the depthwise kernel `kernel` (Keras 2 wrote `depthwise_kernel`).
      return [depthwiseKernel(c, channels, 'kernel'), ...(c.use_bias ? bias : [])];
    },
  };
}

type DepthwisePositional = [kernel_size: IntOrTuple];
export const DepthwiseConv1D = layerFactory<DepthwiseConvConfig, DepthwisePositional>(depthwiseDefinition(1));
export const DepthwiseConv2D = layerFactory<DepthwiseConvConfig, DepthwisePositional>(depthwiseDefinition(2));

function separableDefinition(rank: 1 | 2): LayerDefinition<SeparableConvConfig> {
  const input = (inputs: TensorSpec[]) => inputOfRank(inputs, { exact: rank + 2 });
  return {
    className: `SeparableConv${rank}D`,
    defaults: separableDefaults,
    positional: ['filters', 'kernel_size'],
    required: ['filters', 'kernel_size'],
    normalize(c) {
      checkPositiveInt(c.filters, 'filters');
      return depthwiseBase(rank, c);
    },
    outputSpecs: (c, inputs) => [convOutputSpec(c, input(inputs), c.filters)],
    weights(c, inputs) {
      const channels = inputChannels(c, input(inputs));
      const pointwise = [...Array<number>(rank).fill(1), c.depth_multiplier * channels, c.filters];
      return [
        depthwiseKernel(c, channels, 'depthwise_kernel'),
        { name: 'pointwise_kernel', shape: pointwise },
        ...(c.use_bias ? [{ name: 'bias', shape: [c.filters] }] : []),
      ];
    },
  };
}

type SeparablePositional = [filters: number, kernel_size: IntOrTuple];
export const SeparableConv1D = layerFactory<SeparableConvConfig, SeparablePositional>(separableDefinition(1));
export const SeparableConv2D = layerFactory<SeparableConvConfig, SeparablePositional>(separableDefinition(2));
