// Keras' preprocessing layers that are part of a model's graph and need no vocabulary
// (keras/src/layers/preprocessing/): Rescaling and Normalization.
import { KerasBridgeError } from '../ir/errors.js';
import { layerFactory } from '../ir/define-layer.js';
import { keepMask } from '../ir/masks.js';
import { formatShape, resolveAxis } from '../ir/shape.js';
import type { TensorSpec } from '../ir/tensor.js';
import type { WeightSpec } from '../ir/weight.js';
import { knownDim, onlyInput, sameShapeDefinition } from './common.js';

/** A number or nested lists of numbers: what Keras accepts where it accepts an array. */
export type NestedNumbers = number | readonly NestedNumbers[];

export interface RescalingConfig {
  /** One factor, or one per channel. */
  scale: NestedNumbers;
  offset: NestedNumbers;
}

/** `x * scale + offset`, in float32 whatever the input's dtype (images often come as uint8). */
export const Rescaling = layerFactory<RescalingConfig, [scale: NestedNumbers, offset: NestedNumbers]>(
  sameShapeDefinition<RescalingConfig>('Rescaling', { scale: 1, offset: 0 }, ['scale', 'offset'], { required: ['scale'], computeMask: keepMask }),
);

export interface NormalizationConfig {
  /** The axes kept: one mean and variance per index along them. `null` (stored as `[]`) keeps none. */
  axis: number | number[] | null;
  invert: boolean;
  /** Statistics given up front; the layer then has no variables. */
  mean: NestedNumbers | null;
  variance: NestedNumbers | null;
}

/** `np.shape` of a nested list. */
function arrayShape(value: NestedNumbers): number[] {
  return typeof value === 'number' ? [] : [value.length, ...(value.length > 0 ? arrayShape(value[0]!) : [])];
}

function checkGivenStatistics(c: NormalizationConfig): void {
  if ((c.mean === null) !== (c.variance === null)) {
    throw new KerasBridgeError(
      'INVALID_ARGUMENT',
      `When setting values directly, both \`mean\` and \`variance\` must be set. Received: mean=${JSON.stringify(c.mean)} and variance=${JSON.stringify(c.variance)}.`,
    );
  }
  if (c.mean === null || c.variance === null) return;
  const [mean, variance] = [arrayShape(c.mean), arrayShape(c.variance)];
  if (formatShape(mean) !== formatShape(variance) || mean.length > (c.axis as number[]).length) {
    throw new KerasBridgeError(
      'INVALID_ARGUMENT',
      `\`mean\` and \`variance\` must have the same shape, of rank at most the number of axes (${(c.axis as number[]).length}). ` +
        `Received: mean shape ${formatShape(mean)} and variance shape ${formatShape(variance)}.`,
    );
  }
}

/** The kept axes, resolved and sorted, as Keras' `build` checks them. */
function keptAxes(c: NormalizationConfig, x: TensorSpec): number[] {
  const ndim = x.shape.length;
  const axes = c.axis as number[];
  if (axes.some((a) => a < -ndim || a >= ndim)) {
    throw new KerasBridgeError(
      'INVALID_ARGUMENT',
      `All \`axis\` values must be in the range [-ndim, ndim). Received inputs with ndim=${ndim}, while axis=${JSON.stringify(axes)}.`,
    );
  }
  const kept = axes.map((a) => resolveAxis(a, ndim)).sort((a, b) => a - b);
  if (new Set(kept).size !== kept.length) {
    throw new KerasBridgeError('INVALID_ARGUMENT', `\`axis\` names an axis twice: axis=${JSON.stringify(axes)} for inputs with ndim=${ndim}.`);
  }
  return kept;
}

/** `(x - mean) / sqrt(variance)` with statistics per index of the kept axes, from `adapt()` or given. */
export const Normalization = layerFactory<
  NormalizationConfig,
  [axis: number | number[] | null, mean: NestedNumbers | null, variance: NestedNumbers | null, invert: boolean]
>(
  sameShapeDefinition<NormalizationConfig>('Normalization', { axis: -1, invert: false, mean: null, variance: null }, ['axis', 'mean', 'variance', 'invert'], {
    computeMask: keepMask,
    normalize(config) {
      const c = { ...config, axis: config.axis === null ? [] : typeof config.axis === 'number' ? [config.axis] : [...config.axis] };
      checkGivenStatistics(c);
      return c;
    },
    weights(c, inputs): WeightSpec[] {
      const x = onlyInput(inputs);
      const shape = keptAxes(c, x).map((d) => knownDim(x.shape[d]!, `kept axis ${d}`, x.shape));
      if (c.mean !== null) return [];
      return [
        // Filled by `adapt()`, never by gradients.
        { name: 'mean', shape, trainable: false },
        { name: 'variance', shape, trainable: false },
        // Keras' "int" dtype: int64 on the TensorFlow backend, int32 on the others.
        { name: 'count', shape: [], dtype: 'int64', trainable: false },
      ];
    },
  }),
);
