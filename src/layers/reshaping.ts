import { KerasBridgeError } from '../ir/errors.js';
import { layerFactory } from '../ir/define-layer.js';
import { formatShape, knownProduct, type Dim } from '../ir/shape.js';
import { checkOneOf, checkPositiveInt, inputOfRank, onlyInput, type DataFormat } from './common.js';

export interface FlattenConfig {
  data_format: DataFormat;
}

/** Collapses every non-batch axis into one (in channels-last order, as Keras does). */
export const Flatten = layerFactory<FlattenConfig, []>({
  className: 'Flatten',
  defaults: { data_format: 'channels_last' },
  positional: [],
  normalize(c) {
    checkOneOf(c.data_format, ['channels_last', 'channels_first'], 'data_format');
    return c;
  },
  outputSpecs(_c, inputs) {
    const x = onlyInput(inputs);
    return [{ shape: [x.shape[0] ?? null, knownProduct(x.shape.slice(1))], dtype: x.dtype }];
  },
});

export interface ReshapeConfig {
  target_shape: readonly number[];
}

/** Reshapes the non-batch axes; one `-1` is inferred from the others. */
export const Reshape = layerFactory<ReshapeConfig, [target_shape: readonly number[]]>({
  className: 'Reshape',
  defaults: { target_shape: [] },
  positional: ['target_shape'],
  required: ['target_shape'],
  normalize(c) {
    if (c.target_shape.filter((d) => d === -1).length > 1) {
      throw new KerasBridgeError('INVALID_ARGUMENT', `There must be at most one unknown dimension (-1) in target_shape. Received: ${JSON.stringify(c.target_shape)}.`);
    }
    return c;
  },
  outputSpecs(c, inputs) {
    const x = onlyInput(inputs);
    const total = knownProduct(x.shape.slice(1));
    const known = c.target_shape.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
    const target: Dim[] = c.target_shape.map((d) => (d === -1 ? (total === null ? null : total / known) : d));
    const product = knownProduct(target);
    if (total !== null && (product === null ? total % known !== 0 : product !== total)) {
      throw new KerasBridgeError(
        'INCOMPATIBLE_SHAPES',
        `The total size of the tensor must be unchanged. Received: input_shape=${formatShape(x.shape.slice(1))}, target_shape=${formatShape(c.target_shape)}.`,
      );
    }
    return [{ shape: [x.shape[0] ?? null, ...target], dtype: x.dtype }];
  },
});

export interface PermuteConfig {
  dims: readonly number[];
}

/** Reorders the non-batch axes; `dims` is 1-based as in Keras. */
export const Permute = layerFactory<PermuteConfig, [dims: readonly number[]]>({
  className: 'Permute',
  defaults: { dims: [] },
  positional: ['dims'],
  required: ['dims'],
  normalize(c) {
    const sorted = [...c.dims].sort((a, b) => a - b);
    if (sorted.some((d, i) => d !== i + 1)) {
      throw new KerasBridgeError('INVALID_ARGUMENT', `Invalid permutation argument \`dims\`: ${JSON.stringify(c.dims)}. It must be a permutation of 1..${c.dims.length}.`);
    }
    return c;
  },
  outputSpecs(c, inputs) {
    const x = inputOfRank(inputs, { exact: c.dims.length + 1 });
    return [{ shape: [x.shape[0] ?? null, ...c.dims.map((d) => x.shape[d] ?? null)], dtype: x.dtype }];
  },
});

export interface RepeatVectorConfig {
  n: number;
}

/** `(batch, features)` to `(batch, n, features)`. */
export const RepeatVector = layerFactory<RepeatVectorConfig, [n: number]>({
  className: 'RepeatVector',
  defaults: { n: 0 },
  positional: ['n'],
  required: ['n'],
  normalize(c) {
    checkPositiveInt(c.n, 'n');
    return c;
  },
  outputSpecs(c, inputs) {
    const x = inputOfRank(inputs, { exact: 2 });
    return [{ shape: [x.shape[0] ?? null, c.n, x.shape[1] ?? null], dtype: x.dtype }];
  },
});
