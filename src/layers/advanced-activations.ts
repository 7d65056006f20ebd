// Keras' activation layers with options or weights of their own (keras/src/layers/activations/);
// the plain `Activation` layer is in activation.ts.
import { KerasBridgeError } from '../ir/errors.js';
import { layerFactory } from '../ir/define-layer.js';
import { keepMask } from '../ir/masks.js';
import { resolveAxis } from '../ir/shape.js';
import {
  knownDim,
  onlyInput,
  sameShapeDefinition,
  type Constraint,
  type Initializer,
  type Regularizer,
} from './common.js';

function checkNonNegative(value: number | null, option: string, className: string): void {
  if (value === null || typeof value !== 'number' || value < 0) {
    throw new KerasBridgeError(
      'INVALID_ARGUMENT',
      `The ${option} of a ${className} layer must be a non-negative number. Received: ${option}=${JSON.stringify(value)}.`,
    );
  }
}

export interface LeakyReLUConfig {
  negative_slope: number;
}

/** `x` for `x >= 0`, else `negative_slope * x`. */
export const LeakyReLU = layerFactory<LeakyReLUConfig, [negative_slope: number]>(
  sameShapeDefinition<LeakyReLUConfig>('LeakyReLU', { negative_slope: 0.3 }, ['negative_slope'], {
    computeMask: keepMask,
    normalize(c) {
      checkNonNegative(c.negative_slope, 'negative_slope', 'LeakyReLU');
      return c;
    },
  }),
);

export interface ReLUConfig {
  /** Upper bound of the output; `null` for none. */
  max_value: number | null;
  negative_slope: number;
  threshold: number;
}

/** `max_value`-capped ReLU, leaky below `threshold`. */
export const ReLU = layerFactory<ReLUConfig, [max_value: number | null, negative_slope: number, threshold: number]>(
  sameShapeDefinition<ReLUConfig>('ReLU', { max_value: null, negative_slope: 0, threshold: 0 }, ['max_value', 'negative_slope', 'threshold'], {
    computeMask: keepMask,
    normalize(c) {
      if (c.max_value !== null) checkNonNegative(c.max_value, 'max_value', 'ReLU');
      checkNonNegative(c.negative_slope, 'negative_slope', 'ReLU');
      checkNonNegative(c.threshold, 'threshold', 'ReLU');
      return c;
    },
  }),
);

export interface PReLUConfig {
  alpha_initializer: Initializer;
  alpha_regularizer: Regularizer;
  alpha_constraint: Constraint;
  /** 1-based axes along which one slope is shared; an int is one axis. */
  shared_axes: number | number[] | null;
}

/** Leaky ReLU whose slopes are learned, one per input element except along `shared_axes`. */
export const PReLU = layerFactory<
  PReLUConfig,
  [alpha_initializer: Initializer, alpha_regularizer: Regularizer, alpha_constraint: Constraint, shared_axes: number | number[] | null]
>(
  sameShapeDefinition<PReLUConfig>(
    'PReLU',
    { alpha_initializer: 'zeros', alpha_regularizer: null, alpha_constraint: null, shared_axes: null },
    ['alpha_initializer', 'alpha_regularizer', 'alpha_constraint', 'shared_axes'],
    {
      computeMask: keepMask,
      normalize: (c) => ({ ...c, shared_axes: typeof c.shared_axes === 'number' ? [c.shared_axes] : c.shared_axes }),
      weights(c, inputs) {
        const x = onlyInput(inputs);
        const shape = x.shape.slice(1);
        // Keras writes `param_shape[axis - 1] = 1` in Python, so axis 0 or a negative axis counts from the end.
        for (const axis of (c.shared_axes as number[] | null) ?? []) shape[resolveAxis(axis - 1, shape.length)] = 1;
        return [{ name: 'alpha', shape: shape.map((d) => knownDim(d, 'non-shared dimensions', x.shape)) }];
      },
    },
  ),
);

export interface ELUConfig {
  alpha: number;
}

/** `x` for `x > 0`, else `alpha * (exp(x) - 1)`. */
export const ELU = layerFactory<ELUConfig, [alpha: number]>(sameShapeDefinition<ELUConfig>('ELU', { alpha: 1 }, ['alpha'], { computeMask: keepMask }));

export interface SoftmaxConfig {
  /** One axis, or several normalised together. */
  axis: number | number[];
}

export const Softmax = layerFactory<SoftmaxConfig, [axis: number | number[]]>(
  // Keras adds -1e9 to the masked positions before normalising.
  sameShapeDefinition<SoftmaxConfig>('Softmax', { axis: -1 }, ['axis'], { computeMask: keepMask, readsMask: true }),
);
