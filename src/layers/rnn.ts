import {
  layerFactory,
  type ConfiguredLayer,
  type LayerDefinition,
  type LayerOptions,
} from '../ir/define-layer.js';
import type { SymbolicTensor, TensorSpec } from '../ir/tensor.js';
import type { WeightSpec } from '../ir/weight.js';
import {
  checkActivation,
  checkPositiveInt,
  inputOfRank,
  knownDim,
  type Activation,
  type Constraint,
  type Initializer,
  type Regularizer,
} from './common.js';

/** Options shared by SimpleRNN, LSTM and GRU (Keras' `RNN` plus the cell's). */
export interface RecurrentConfig {
  units: number;
  activation: Activation;
  use_bias: boolean;
  kernel_initializer: Initializer;
  recurrent_initializer: Initializer;
  bias_initializer: Initializer;
  kernel_regularizer: Regularizer;
  recurrent_regularizer: Regularizer;
  bias_regularizer: Regularizer;
  activity_regularizer: Regularizer;
  kernel_constraint: Constraint;
  recurrent_constraint: Constraint;
  bias_constraint: Constraint;
  dropout: number;
  recurrent_dropout: number;
  return_sequences: boolean;
  return_state: boolean;
  go_backwards: boolean;
  stateful: boolean;
  unroll: boolean;
  zero_output_for_mask: boolean;
  seed: number | null;
}

export interface SimpleRNNConfig extends RecurrentConfig {}
export interface LSTMConfig extends RecurrentConfig {
  recurrent_activation: Activation;
  unit_forget_bias: boolean;
}
export interface GRUConfig extends RecurrentConfig {
  recurrent_activation: Activation;
  reset_after: boolean;
}

const recurrentDefaults: RecurrentConfig = {
  units: 0,
  activation: 'tanh',
  use_bias: true,
  kernel_initializer: 'glorot_uniform',
  recurrent_initializer: 'orthogonal',
  bias_initializer: 'zeros',
  kernel_regularizer: null,
  recurrent_regularizer: null,
  bias_regularizer: null,
  activity_regularizer: null,
  kernel_constraint: null,
  recurrent_constraint: null,
  bias_constraint: null,
  dropout: 0,
  recurrent_dropout: 0,
  return_sequences: false,
  return_state: false,
  go_backwards: false,
  stateful: false,
  unroll: false,
  zero_output_for_mask: false,
  seed: null,
};

interface CellLayout<C> {
  className: string;
  cellName: string;
  /** How many states the cell carries (LSTM: h and c). */
  states: number;
  /** Gate blocks per weight matrix (LSTM: i, f, c, o). */
  gates: number;
  biasShape(c: C): number[];
}

function recurrentDefinition<C extends RecurrentConfig>(layout: CellLayout<C>, extraDefaults: Omit<C, keyof RecurrentConfig>): LayerDefinition<C> {
  return {
    className: layout.className,
    defaults: { ...recurrentDefaults, ...extraDefaults } as C,
    positional: ['units'],
    required: ['units'],
    normalize(c) {
      checkPositiveInt(c.units, 'units');
      checkActivation(c.activation);
      if ('recurrent_activation' in c) checkActivation(c.recurrent_activation as Activation, 'recurrent_activation');
      return c;
    },
    outputSpecs(c, inputs): TensorSpec[] {
      const [batch, steps] = inputOfRank(inputs, { exact: 3 }).shape;
      const output = { shape: c.return_sequences ? [batch!, steps!, c.units] : [batch!, c.units], dtype: 'float32' as const };
      const state = { shape: [batch!, c.units], dtype: 'float32' as const };
      return c.return_state ? [output, ...Array<TensorSpec>(layout.states).fill(state)] : [output];
    },
    weights(c, inputs): WeightSpec[] {
      const x = inputOfRank(inputs, { exact: 3 });
      const features = knownDim(x.shape[2]!, 'last dimension', x.shape);
      const width = layout.gates * c.units;
      return [
        { name: `${layout.cellName}/kernel`, shape: [features, width] },
        { name: `${layout.cellName}/recurrent_kernel`, shape: [c.units, width] },
        ...(c.use_bias ? [{ name: `${layout.cellName}/bias`, shape: layout.biasShape(c) }] : []),
      ];
    },
  };
}

/** A recurrent layer returns its states too when `return_state` is set, so its call gives a list. */
export interface RecurrentFactory<C extends RecurrentConfig> {
  (units: number, options: LayerOptions<C> & { return_state: true }): ConfiguredLayer<C, SymbolicTensor[]>;
  (options: LayerOptions<C> & { return_state: true }): ConfiguredLayer<C, SymbolicTensor[]>;
  (units: number, options?: LayerOptions<C>): ConfiguredLayer<C>;
  (options: LayerOptions<C>): ConfiguredLayer<C>;
  readonly definition: LayerDefinition<C>;
}

export const SimpleRNN = layerFactory(
  recurrentDefinition<SimpleRNNConfig>(
    { className: 'SimpleRNN', cellName: 'simple_rnn_cell', states: 1, gates: 1, biasShape: (c) => [c.units] },
    {},
  ),
) as unknown as RecurrentFactory<SimpleRNNConfig>;

export const LSTM = layerFactory(
  recurrentDefinition<LSTMConfig>(
    { className: 'LSTM', cellName: 'lstm_cell', states: 2, gates: 4, biasShape: (c) => [4 * c.units] },
    { recurrent_activation: 'sigmoid', unit_forget_bias: true },
  ),
) as unknown as RecurrentFactory<LSTMConfig>;

export const GRU = layerFactory(
  recurrentDefinition<GRUConfig>(
    // reset_after keeps separate input and recurrent biases, hence two rows.
    { className: 'GRU', cellName: 'gru_cell', states: 1, gates: 3, biasShape: (c) => (c.reset_after ? [2, 3 * c.units] : [3 * c.units]) },
    { recurrent_activation: 'sigmoid', reset_after: true },
  ),
) as unknown as RecurrentFactory<GRUConfig>;
