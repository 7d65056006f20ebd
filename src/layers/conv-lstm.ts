// Convolutional LSTMs (Keras' `ConvLSTM` with its `ConvLSTMCell`): an LSTM whose input and recurrent
// transformations are convolutions, over sequences of 1D, 2D or 3D feature maps.
import { KerasBridgeError } from '../ir/errors.js';
import {
  layerFactory,
  type ConfiguredLayer,
  type LayerDefinition,
  type LayerOptions,
} from '../ir/define-layer.js';
import { formatShape } from '../ir/shape.js';
import type { SymbolicTensor, TensorSpec } from '../ir/tensor.js';
import { checkActivation, checkPositiveInt, inputOfRank, type IntOrTuple } from './common.js';
import { spatialLayout } from './conv.js';
import {
  WINDOW_DEFAULTS,
  convOutputSpec,
  inputChannels,
  normalizeWindow,
  rejectStridedDilation,
  type ConvWindowConfig,
} from './conv-window.js';
import { LSTM, recurrentMask, type LSTMConfig } from './rnn.js';

/** LSTM's options with `filters` and a convolution window in place of `units`. */
export interface ConvLSTMConfig extends Omit<LSTMConfig, 'units'>, ConvWindowConfig {
  filters: number;
}

const { units: _units, ...lstmDefaults } = LSTM.definition.defaults;

/** One time step of the input: its spec without the time axis. */
function stepOf(x: TensorSpec): TensorSpec {
  return { shape: [x.shape[0]!, ...x.shape.slice(2)], dtype: x.dtype };
}

function convLSTMDefinition(rank: 1 | 2 | 3): LayerDefinition<ConvLSTMConfig> {
  const step = (inputs: TensorSpec[]) => stepOf(inputOfRank(inputs, { exact: rank + 3 }));
  return {
    className: `ConvLSTM${rank}D`,
    savedChildren: ['cell'],
    defaults: { ...lstmDefaults, filters: 0, ...WINDOW_DEFAULTS },
    positional: ['filters', 'kernel_size'],
    required: ['filters', 'kernel_size'],
    normalize(config) {
      checkPositiveInt(config.filters, 'filters');
      checkActivation(config.activation);
      checkActivation(config.recurrent_activation, 'recurrent_activation');
      const c = normalizeWindow(config, rank);
      rejectStridedDilation(c);
      return c;
    },
    outputSpecs(c, inputs) {
      const state = convOutputSpec(c, step(inputs), c.filters);
      const steps = inputs[0]!.shape[1]!;
      const output = c.return_sequences ? { shape: [state.shape[0]!, steps, ...state.shape.slice(1)], dtype: state.dtype } : state;
      return c.return_state ? [output, state, state] : [output];
    },
    computeMask: recurrentMask,
    readsMask: true,
    weights(c, inputs) {
      const x = step(inputs);
      if (spatialLayout(x.shape, c.data_format).spatial.includes(null)) {
        throw new KerasBridgeError(
          'INCOMPATIBLE_SHAPES',
          `ConvLSTM layers only support static input shapes for the spatial dimensions. Received a time step of shape ${formatShape(x.shape)}.`,
        );
      }
      const kernel = c.kernel_size as number[];
      const gates = 4 * c.filters;
      return [
        { name: 'conv_lstm_cell/kernel', shape: [...kernel, inputChannels(c, x), gates] },
        { name: 'conv_lstm_cell/recurrent_kernel', shape: [...kernel, c.filters, gates] },
        ...(c.use_bias ? [{ name: 'conv_lstm_cell/bias', shape: [gates] }] : []),
      ];
    },
  };
}

/** A ConvLSTM returns its states too when `return_state` is set, so its call gives a list. */
export interface ConvLSTMFactory {
  (filters: number, kernel_size: IntOrTuple, options: LayerOptions<ConvLSTMConfig> & { return_state: true }): ConfiguredLayer<ConvLSTMConfig, SymbolicTensor[]>;
  (options: LayerOptions<ConvLSTMConfig> & { return_state: true }): ConfiguredLayer<ConvLSTMConfig, SymbolicTensor[]>;
  (filters: number, kernel_size: IntOrTuple, options?: LayerOptions<ConvLSTMConfig>): ConfiguredLayer<ConvLSTMConfig>;
  (options: LayerOptions<ConvLSTMConfig>): ConfiguredLayer<ConvLSTMConfig>;
  readonly definition: LayerDefinition<ConvLSTMConfig>;
}

export const ConvLSTM1D = layerFactory(convLSTMDefinition(1)) as unknown as ConvLSTMFactory;
export const ConvLSTM2D = layerFactory(convLSTMDefinition(2)) as unknown as ConvLSTMFactory;
export const ConvLSTM3D = layerFactory(convLSTMDefinition(3)) as unknown as ConvLSTMFactory;
