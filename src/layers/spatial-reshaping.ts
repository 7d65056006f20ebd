// Keras' reshaping layers that resize the spatial axes: ZeroPadding, Cropping and UpSampling in 1, 2
// and 3 dimensions (keras/src/layers/reshaping/). The batch and channel axes pass through.
import { KerasBridgeError } from '../ir/errors.js';
import { layerFactory, type LayerDefinition } from '../ir/define-layer.js';
import { formatShape, type Shape } from '../ir/shape.js';
import {
  checkOneOf,
  checkPositiveInt,
  inputOfRank,
  toNonNegativeTuple,
  toTuple,
  type DataFormat,
  type IntOrTuple,
} from './common.js';
import { spatialLayout } from './conv.js';

type Rank = 1 | 2 | 3;

interface SpatialResize<C> {
  className: string;
  rank: Rank;
  defaults: C;
  positional: (keyof C & string)[];
  normalize(c: C): C;
  /** New size of spatial axis `axis`, whose size `size` is known. */
  resize(c: C, size: number, axis: number, shape: Shape): number;
}

function spatialResizeDefinition<C extends object>(spec: SpatialResize<C>): LayerDefinition<C> {
  // Cropping1D and UpSampling1D have no `data_format`: their inputs are always channels-last.
  const formatOf = (c: C): DataFormat => (c as { data_format?: DataFormat }).data_format ?? 'channels_last';
  return {
    className: spec.className,
    defaults: spec.defaults,
    positional: spec.positional,
    normalize(c) {
      checkOneOf(formatOf(c), ['channels_last', 'channels_first'], 'data_format');
      return spec.normalize(c);
    },
    outputSpecs(c, inputs) {
      const x = inputOfRank(inputs, { exact: spec.rank + 2 });
      const layout = spatialLayout(x.shape, formatOf(c));
      const spatial = layout.spatial.map((d, i) => (d === null ? null : spec.resize(c, d, i, x.shape)));
      return [{ shape: layout.assemble(layout.batch, spatial, layout.channels), dtype: 'float32' }];
    },
  };
}

/** `((before, after), ...)` per spatial axis, or one int for all; an entry may be one int for both sides. */
export type PerAxisPairs = number | readonly IntOrTuple[];

const ORDINALS = ['1st', '2nd', '3rd'];

/** Keras' ZeroPadding2D/3D and Cropping2D/3D argument: nested `(before, after)` pairs, one per axis. */
function toPairs(value: PerAxisPairs, rank: Rank, option: string, negativeInt: 'allowed' | 'rejected'): number[][] {
  if (typeof value === 'number') {
    // Keras only validates the int form of `cropping`: a negative int `padding` shrinks the axes.
    if (negativeInt === 'rejected' && value < 0) {
      throw new KerasBridgeError('INVALID_ARGUMENT', `\`${option}\` cannot be negative. Received: ${option}=${value}.`);
    }
    return Array.from({ length: rank }, () => [value, value]);
  }
  if (value.length !== rank) {
    throw new KerasBridgeError(
      'INVALID_ARGUMENT',
      `\`${option}\` should have ${rank} elements, one per spatial axis. Received: ${option}=${JSON.stringify(value)}.`,
    );
  }
  return value.map((entry, i) => toNonNegativeTuple(entry, 2, `${ORDINALS[i]} entry of ${option}`));
}

export interface ZeroPadding1DConfig {
  /** `(before, after)`, or one int for both. */
  padding: IntOrTuple;
  data_format: DataFormat;
}

export interface ZeroPaddingConfig {
  padding: PerAxisPairs;
  data_format: DataFormat;
}

export const ZeroPadding1D = layerFactory<ZeroPadding1DConfig, [padding: IntOrTuple, data_format: DataFormat]>(
  spatialResizeDefinition<ZeroPadding1DConfig>({
    className: 'ZeroPadding1D',
    rank: 1,
    defaults: { padding: 1, data_format: 'channels_last' },
    positional: ['padding', 'data_format'],
    normalize: (c) => ({ ...c, padding: toNonNegativeTuple(c.padding, 2, 'padding') }),
    resize: (c, size) => size + (c.padding as number[])[0]! + (c.padding as number[])[1]!,
  }),
);

function zeroPaddingDefinition(rank: 2 | 3): LayerDefinition<ZeroPaddingConfig> {
  return spatialResizeDefinition<ZeroPaddingConfig>({
    className: `ZeroPadding${rank}D`,
    rank,
    defaults: { padding: Array.from({ length: rank }, () => [1, 1]), data_format: 'channels_last' },
    positional: ['padding', 'data_format'],
    normalize: (c) => ({ ...c, padding: toPairs(c.padding, rank, 'padding', 'allowed') }),
    resize: (c, size, axis) => size + (c.padding as number[][])[axis]![0]! + (c.padding as number[][])[axis]![1]!,
  });
}

type ZeroPaddingPositional = [padding: PerAxisPairs, data_format: DataFormat];
export const ZeroPadding2D = layerFactory<ZeroPaddingConfig, ZeroPaddingPositional>(zeroPaddingDefinition(2));
export const ZeroPadding3D = layerFactory<ZeroPaddingConfig, ZeroPaddingPositional>(zeroPaddingDefinition(3));

/** A cropped axis must keep at least one element. */
function cropped(size: number, pair: number[], cropping: unknown, shape: Shape): number {
  const left = size - pair[0]! - pair[1]!;
  if (left <= 0) {
    throw new KerasBridgeError(
      'INCOMPATIBLE_SHAPES',
      `Values in \`cropping\` argument should be smaller than the corresponding spatial dimension of the input. ` +
        `Received: input_shape=${formatShape(shape)}, cropping=${JSON.stringify(cropping)}.`,
    );
  }
  return left;
}

export interface Cropping1DConfig {
  /** `(before, after)`, or one int for both. */
  cropping: IntOrTuple;
}

export interface CroppingConfig {
  cropping: PerAxisPairs;
  data_format: DataFormat;
}

export const Cropping1D = layerFactory<Cropping1DConfig, [cropping: IntOrTuple]>(
  spatialResizeDefinition<Cropping1DConfig>({
    className: 'Cropping1D',
    rank: 1,
    defaults: { cropping: [1, 1] },
    positional: ['cropping'],
    normalize: (c) => ({ ...c, cropping: toNonNegativeTuple(c.cropping, 2, 'cropping') }),
    resize: (c, size, _axis, shape) => cropped(size, c.cropping as number[], c.cropping, shape),
  }),
);

function croppingDefinition(rank: 2 | 3): LayerDefinition<CroppingConfig> {
  return spatialResizeDefinition<CroppingConfig>({
    className: `Cropping${rank}D`,
    rank,
    // Keras' own defaults: Cropping2D crops nothing, Cropping3D one element on each side.
    defaults: { cropping: Array.from({ length: rank }, () => (rank === 2 ? [0, 0] : [1, 1])), data_format: 'channels_last' },
    positional: ['cropping', 'data_format'],
    normalize: (c) => ({ ...c, cropping: toPairs(c.cropping, rank, 'cropping', 'rejected') }),
    resize: (c, size, axis, shape) => cropped(size, (c.cropping as number[][])[axis]!, c.cropping, shape),
  });
}

type CroppingPositional = [cropping: PerAxisPairs, data_format: DataFormat];
export const Cropping2D = layerFactory<CroppingConfig, CroppingPositional>(croppingDefinition(2));
export const Cropping3D = layerFactory<CroppingConfig, CroppingPositional>(croppingDefinition(3));

export interface UpSampling1DConfig {
  size: number;
}

/** Repeats every step `size` times. */
export const UpSampling1D = layerFactory<UpSampling1DConfig, [size: number]>(
  spatialResizeDefinition<UpSampling1DConfig>({
    className: 'UpSampling1D',
    rank: 1,
    defaults: { size: 2 },
    positional: ['size'],
    normalize(c) {
      checkPositiveInt(c.size, 'size');
      return c;
    },
    resize: (c, size) => size * c.size,
  }),
);

/** Keras passes any other name on to `ops.image.resize`, which rejects it only when run. */
export type Interpolation = 'nearest' | 'bilinear' | 'bicubic' | 'lanczos3' | 'lanczos5' | 'area';

export interface UpSampling2DConfig {
  size: IntOrTuple;
  data_format: DataFormat;
  interpolation: Interpolation;
}

export const UpSampling2D = layerFactory<
  UpSampling2DConfig,
  [size: IntOrTuple, data_format: DataFormat, interpolation: Interpolation]
>(
  spatialResizeDefinition<UpSampling2DConfig>({
    className: 'UpSampling2D',
    rank: 2,
    defaults: { size: [2, 2], data_format: 'channels_last', interpolation: 'nearest' },
    positional: ['size', 'data_format', 'interpolation'],
    normalize: (c) => ({
      ...c,
      size: toTuple(c.size, 2, 'size'),
      interpolation: c.interpolation.toLowerCase() as Interpolation,
    }),
    resize: (c, size, axis) => size * (c.size as number[])[axis]!,
  }),
);

export interface UpSampling3DConfig {
  size: IntOrTuple;
  data_format: DataFormat;
}

export const UpSampling3D = layerFactory<UpSampling3DConfig, [size: IntOrTuple, data_format: DataFormat]>(
  spatialResizeDefinition<UpSampling3DConfig>({
    className: 'UpSampling3D',
    rank: 3,
    defaults: { size: [2, 2, 2], data_format: 'channels_last' },
    positional: ['size', 'data_format'],
    normalize: (c) => ({ ...c, size: toTuple(c.size, 3, 'size') }),
    resize: (c, size, axis) => size * (c.size as number[])[axis]!,
  }),
);
