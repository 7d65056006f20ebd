import { layerFactory, type LayerDefinition } from '../ir/define-layer.js';
import {
  checkOneOf,
  inputOfRank,
  toTuple,
  windowOutputLength,
  type DataFormat,
  type IntOrTuple,
} from './common.js';
import { spatialLayout } from './conv.js';
import { upgradeLegacyOptions, type SavedConfig } from './legacy.js';

/**
 * Keras 2 `legacy_pooling1d_support` / `legacy_pooling2d_support` / `legacy_global_pooling_support`
 * (`dim_ordering` is converted for all of them by `upgradeLegacyOptions`).
 */
function upgradePoolingConfig(config: SavedConfig): SavedConfig {
  return upgradeLegacyOptions(config, [['pool_length', 'pool_size'], ['stride', 'strides'], ['border_mode', 'padding']]);
}

export interface PoolingConfig {
  pool_size: IntOrTuple;
  /** `null` means the pool size, as in Keras. */
  strides: IntOrTuple | null;
  padding: 'valid' | 'same';
  data_format: DataFormat;
}

function poolingDefinition(kind: 'Max' | 'Average', rank: 1 | 2 | 3): LayerDefinition<PoolingConfig> {
  return {
    className: `${kind}Pooling${rank}D`,
    defaults: { pool_size: 2, strides: null, padding: 'valid', data_format: 'channels_last' },
    positional: ['pool_size', 'strides', 'padding'],
    normalize(c) {
      checkOneOf(c.padding, ['valid', 'same'], 'padding');
      checkOneOf(c.data_format, ['channels_last', 'channels_first'], 'data_format');
      const pool = toTuple(c.pool_size, rank, 'pool_size');
      return { ...c, pool_size: pool, strides: c.strides === null ? pool : toTuple(c.strides, rank, 'strides') };
    },
    outputSpecs(c, inputs) {
      const x = inputOfRank(inputs, { exact: rank + 2 });
      const layout = spatialLayout(x.shape, c.data_format);
      const pool = c.pool_size as number[];
      const strides = c.strides as number[];
      const spatial = layout.spatial.map((d, i) => windowOutputLength(d, pool[i]!, strides[i]!, c.padding));
      return [{ shape: layout.assemble(layout.batch, spatial, layout.channels), dtype: x.dtype }];
    },
    upgradeConfig: upgradePoolingConfig,
  };
}

type PoolingPositional = [pool_size: IntOrTuple, strides: IntOrTuple | null, padding: 'valid' | 'same'];
export const MaxPooling1D = layerFactory<PoolingConfig, PoolingPositional>(poolingDefinition('Max', 1));
export const MaxPooling2D = layerFactory<PoolingConfig, PoolingPositional>(poolingDefinition('Max', 2));
export const MaxPooling3D = layerFactory<PoolingConfig, PoolingPositional>(poolingDefinition('Max', 3));
export const AveragePooling1D = layerFactory<PoolingConfig, PoolingPositional>(poolingDefinition('Average', 1));
export const AveragePooling2D = layerFactory<PoolingConfig, PoolingPositional>(poolingDefinition('Average', 2));
export const AveragePooling3D = layerFactory<PoolingConfig, PoolingPositional>(poolingDefinition('Average', 3));

export interface GlobalPoolingConfig {
  data_format: DataFormat;
  keepdims: boolean;
}

function globalPoolingDefinition(kind: 'Max' | 'Average', rank: 1 | 2 | 3): LayerDefinition<GlobalPoolingConfig> {
  return {
    className: `Global${kind}Pooling${rank}D`,
    defaults: { data_format: 'channels_last', keepdims: false },
    positional: [],
    normalize(c) {
      checkOneOf(c.data_format, ['channels_last', 'channels_first'], 'data_format');
      return c;
    },
    outputSpecs(c, inputs) {
      const x = inputOfRank(inputs, { exact: rank + 2 });
      const layout = spatialLayout(x.shape, c.data_format);
      const shape = c.keepdims
        ? layout.assemble(layout.batch, layout.spatial.map(() => 1), layout.channels)
        : [layout.batch, layout.channels];
      return [{ shape, dtype: x.dtype }];
    },
    // Keras 3's GlobalAveragePooling1D averages the unmasked steps only (and passes no mask on).
    readsMask: kind === 'Average' && rank === 1,
    upgradeConfig: upgradePoolingConfig,
  };
}

export const GlobalMaxPooling1D = layerFactory<GlobalPoolingConfig, []>(globalPoolingDefinition('Max', 1));
export const GlobalMaxPooling2D = layerFactory<GlobalPoolingConfig, []>(globalPoolingDefinition('Max', 2));
export const GlobalMaxPooling3D = layerFactory<GlobalPoolingConfig, []>(globalPoolingDefinition('Max', 3));
export const GlobalAveragePooling1D = layerFactory<GlobalPoolingConfig, []>(globalPoolingDefinition('Average', 1));
export const GlobalAveragePooling2D = layerFactory<GlobalPoolingConfig, []>(globalPoolingDefinition('Average', 2));
export const GlobalAveragePooling3D = layerFactory<GlobalPoolingConfig, []>(globalPoolingDefinition('Average', 3));
