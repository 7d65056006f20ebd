import { KerasBridgeError } from '../ir/errors.js';
import { layerFactory, type LayerDefinition } from '../ir/define-layer.js';
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
import { spatialLayout } from './conv.js';

/**
 * Keras 2's unshared convolutions (removed from Keras 3, still in tf.keras files): one kernel per output
 * position. Only `implementation=1`'s weight layout is read; 2 and 3 stored the same numbers differently.
 */
export interface LocallyConnectedConfig extends KernelBiasConfig {
  filters: number;
  kernel_size: IntOrTuple;
  strides: IntOrTuple;
  padding: 'valid' | 'same';
  data_format: DataFormat;
  implementation: number;
}

function locallyConnectedDefinition(rank: 1 | 2): LayerDefinition<LocallyConnectedConfig> {
  const outputGrid = (c: LocallyConnectedConfig, spatial: readonly (number | null)[]) =>
    spatial.map((d, i) => windowOutputLength(d, (c.kernel_size as number[])[i]!, (c.strides as number[])[i]!, c.padding));
  return {
    className: `LocallyConnected${rank}D`,
    defaults: { filters: 0, kernel_size: [], strides: 1, padding: 'valid', data_format: 'channels_last', implementation: 1, ...KERNEL_BIAS_DEFAULTS },
    positional: ['filters', 'kernel_size'],
    required: ['filters', 'kernel_size'],
    normalize(c) {
      checkPositiveInt(c.filters, 'filters');
      checkOneOf(c.padding, ['valid', 'same'], 'padding');
      checkOneOf(c.data_format, ['channels_last', 'channels_first'], 'data_format');
      checkActivation(c.activation);
      if (c.implementation !== 1) {
        throw new KerasBridgeError('INVALID_ARGUMENT', `only implementation=1 is supported, got implementation=${c.implementation}. Re-save the layer with implementation=1 in Keras 2.`);
      }
      return { ...c, kernel_size: toTuple(c.kernel_size, rank, 'kernel_size'), strides: toTuple(c.strides, rank, 'strides') };
    },
    outputSpecs(c, inputs) {
      const layout = spatialLayout(inputOfRank(inputs, { exact: rank + 2 }).shape, c.data_format);
      return [{ shape: layout.assemble(layout.batch, outputGrid(c, layout.spatial), c.filters), dtype: 'float32' }];
    },
    weights(c, inputs) {
      const x = inputOfRank(inputs, { exact: rank + 2 });
      const layout = spatialLayout(x.shape, c.data_format);
      const grid = outputGrid(c, layout.spatial).map((d) => knownDim(d, 'spatial dimensions', x.shape));
      const channels = knownDim(layout.channels, 'channel dimension', x.shape);
      const window = (c.kernel_size as number[]).reduce((a, b) => a * b, 1);
      const positions = grid.reduce((a, b) => a * b, 1);
      return [
        { name: 'kernel', shape: [positions, window * channels, c.filters] },
        ...(c.use_bias ? [{ name: 'bias', shape: [...grid, c.filters] }] : []),
      ];
    },
  };
}

type Positional = [filters: number, kernel_size: IntOrTuple];
export const LocallyConnected1D = layerFactory<LocallyConnectedConfig, Positional>(locallyConnectedDefinition(1));
export const LocallyConnected2D = layerFactory<LocallyConnectedConfig, Positional>(locallyConnectedDefinition(2));
