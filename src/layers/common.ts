import type { LayerDefinition } from '../ir/define-layer.js';
import { KerasBridgeError } from '../ir/errors.js';
import { formatShape, type Dim, type Shape } from '../ir/shape.js';
import type { TensorSpec } from '../ir/tensor.js';

/** A Keras serialisable object as it appears in configs: an identifier or `{ class_name, config }`. */
export type KerasObject = string | { class_name: string; config?: Record<string, unknown> };
export type Initializer = KerasObject;
export type Regularizer = KerasObject | null;
export type Constraint = KerasObject | null;

/** Keras' built-in activations by name (`keras.activations`). */
export const ACTIVATIONS = [
  'linear', 'relu', 'relu6', 'leaky_relu', 'elu', 'selu', 'celu', 'gelu', 'glu', 'sigmoid', 'hard_sigmoid',
  'hard_silu', 'hard_swish', 'silu', 'swish', 'tanh', 'hard_tanh', 'tanh_shrink', 'hard_shrink', 'soft_shrink',
  'squareplus', 'sparse_plus', 'sparse_sigmoid', 'softmax', 'sparsemax', 'log_softmax', 'log_sigmoid',
  'softplus', 'softsign', 'exponential', 'mish', 'threshold',
] as const;
export type ActivationName = (typeof ACTIVATIONS)[number];
/** An activation as written in configs; `null` means linear (Keras accepts `activation=None`). */
export type Activation = ActivationName | KerasObject | null;

export function checkActivation(activation: Activation, option = 'activation'): void {
  if (typeof activation === 'string' && !(ACTIVATIONS as readonly string[]).includes(activation)) {
    throw new KerasBridgeError(
      'INVALID_ARGUMENT',
      `Unknown ${option} '${activation}'. Use one of Keras' built-in activations: ${ACTIVATIONS.join(', ')}.`,
    );
  }
}

export type IntOrTuple = number | readonly number[];

/** Keras' `standardize_tuple`: an int or an n-tuple of positive ints, as a tuple. */
export function toTuple(value: IntOrTuple, n: number, option: string): number[] {
  const tuple = typeof value === 'number' ? Array<number>(n).fill(value) : [...value];
  if (tuple.length !== n || tuple.some((v) => !Number.isInteger(v) || v <= 0)) {
    throw new KerasBridgeError(
      'INVALID_ARGUMENT',
      `The \`${option}\` argument must be a tuple of ${n} positive integers or one integer. Received: ${JSON.stringify(value)}.`,
    );
  }
  return tuple;
}

export function checkPositiveInt(value: unknown, option: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new KerasBridgeError(
      'INVALID_ARGUMENT',
      `Received an invalid value for \`${option}\`, expected a positive integer. Received: ${JSON.stringify(value)}.`,
    );
  }
}

export function checkOneOf<T extends string>(value: unknown, allowed: readonly T[], option: string): void {
  if (!allowed.includes(value as T)) {
    throw new KerasBridgeError(
      'INVALID_ARGUMENT',
      `Invalid value for \`${option}\`: ${JSON.stringify(value)}. Expected one of ${allowed.map((a) => `'${a}'`).join(', ')}.`,
    );
  }
}

export function onlyInput(inputs: TensorSpec[]): TensorSpec {
  if (inputs.length !== 1) {
    throw new KerasBridgeError('INVALID_ARGUMENT', `expects a single input tensor, but was called on ${inputs.length}.`);
  }
  return inputs[0]!;
}

/** Checks the rank of the single input, as Keras' `InputSpec(ndim=...)` does. */
export function inputOfRank(inputs: TensorSpec[], rank: { min?: number; exact?: number }): TensorSpec {
  const input = onlyInput(inputs);
  const r = input.shape.length;
  if ((rank.exact !== undefined && r !== rank.exact) || (rank.min !== undefined && r < rank.min)) {
    const expected = rank.exact !== undefined ? `ndim=${rank.exact}` : `min_ndim=${rank.min}`;
    throw new KerasBridgeError(
      'INCOMPATIBLE_SHAPES',
      `expected ${expected}, found ndim=${r}. Full shape received: ${formatShape(input.shape)}.`,
    );
  }
  return input;
}

/** A dimension a variable's shape depends on must be known. */
export function knownDim(dim: Dim, what: string, shape: Shape): number {
  if (dim === null) {
    throw new KerasBridgeError(
      'INCOMPATIBLE_SHAPES',
      `the ${what} of the inputs should be defined, but it is None in input shape ${formatShape(shape)}.`,
    );
  }
  return dim;
}

/** Output length of a sliding window along one axis (convolutions, pooling), as Keras computes it. */
export function windowOutputLength(
  length: Dim,
  window: number,
  stride: number,
  padding: 'valid' | 'same' | 'causal',
  dilation = 1,
): Dim {
  if (length === null) return null;
  if (padding === 'same' || padding === 'causal') return Math.floor((length + stride - 1) / stride);
  const effective = (window - 1) * dilation + 1;
  return Math.floor((length - effective) / stride) + 1;
}

export type DataFormat = 'channels_last' | 'channels_first';

/** The options of layers computing `activation(x * kernel + bias)`: Dense and the convolutions. */
export interface KernelBiasConfig {
  activation: Activation;
  use_bias: boolean;
  kernel_initializer: Initializer;
  bias_initializer: Initializer;
  kernel_regularizer: Regularizer;
  bias_regularizer: Regularizer;
  activity_regularizer: Regularizer;
  kernel_constraint: Constraint;
  bias_constraint: Constraint;
}

export const KERNEL_BIAS_DEFAULTS: KernelBiasConfig = {
  activation: 'linear',
  use_bias: true,
  kernel_initializer: 'glorot_uniform',
  bias_initializer: 'zeros',
  kernel_regularizer: null,
  bias_regularizer: null,
  activity_regularizer: null,
  kernel_constraint: null,
  bias_constraint: null,
};

/** Keras' `standardize_tuple(..., allow_zero=True)`: an int or an n-tuple of non-negative ints, as a tuple. */
export function toNonNegativeTuple(value: IntOrTuple, n: number, option: string): number[] {
  const tuple = typeof value === 'number' ? Array<number>(n).fill(value) : [...value];
  if (tuple.length !== n || tuple.some((v) => !Number.isInteger(v) || v < 0)) {
    throw new KerasBridgeError(
      'INVALID_ARGUMENT',
      `The \`${option}\` argument must be a tuple of ${n} integers >= 0 or one such integer. Received ${option}=${JSON.stringify(value)}.`,
    );
  }
  return tuple;
}

/** Probabilities and the like (`rate`, `stddev`), which Keras' noise layers bound to [0, 1]. */
export function checkUnitInterval(value: unknown, option: string): void {
  if (typeof value === 'number' && value >= 0 && value <= 1) return;
  throw new KerasBridgeError(
    'INVALID_ARGUMENT',
    `Invalid value received for argument \`${option}\`. Expected a float value between 0 and 1. Received: ${option}=${JSON.stringify(value)}.`,
  );
}

/**
 * The output of a layer that keeps its input's shape. Keras derives it from `compute_output_shape`,
 * which gives the layer's compute dtype (float32) whatever the input's dtype, integers included.
 */
export function sameShapeOutput(inputs: TensorSpec[]): TensorSpec[] {
  return [{ shape: onlyInput(inputs).shape, dtype: 'float32' }];
}

/** The definition of a layer whose output keeps its input's shape, around its options (and weights). */
export function sameShapeDefinition<C extends object>(
  className: string,
  defaults: C,
  positional: LayerDefinition<C>['positional'],
  rest: Pick<LayerDefinition<C>, 'required' | 'normalize' | 'weights' | 'computeMask' | 'readsMask'> = {},
): LayerDefinition<C> {
  return { className, defaults, positional, outputSpecs: (_c, inputs) => sameShapeOutput(inputs), ...rest };
}
