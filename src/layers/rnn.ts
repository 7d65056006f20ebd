import {
  layerFactory,
  type ConfiguredLayer,
  type LayerDefinition,
  type LayerOptions,
  type UpgradeContext,
  type WeightArray,
} from '../ir/define-layer.js';
import { KerasBridgeError } from '../ir/errors.js';
import type { CallKwargs } from '../ir/node.js';
import { formatShape } from '../ir/shape.js';
import { collectTensors, type SymbolicTensor, type TensorSpec } from '../ir/tensor.js';
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
import {
  concatLast,
  fromCuDNNInputKernel,
  renamedClass,
  reshape,
  sequenceInputShape,
  sumHalves,
  transformGates,
  transpose2d,
  upgradeLegacyOptions,
  type SavedConfig,
} from './legacy.js';

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
  /** Gate blocks per weight matrix (LSTM: i, f, c, o). */
  gates: number;
  biasShape(c: C): number[];
}

/** Keras' `RNN.compute_mask`: a returned sequence keeps the input's mask (in input order, even when read backwards); the last output and the states have none. */
export const recurrentMask = <M>(c: Pick<RecurrentConfig, 'return_sequences'>, [mask]: readonly (M | undefined)[]): (M | undefined)[] => [c.return_sequences ? mask : undefined];

/**
 * The initial states a call's inputs hold after the sequence. Keras 2 (`RNN.__call__`) and TF.js
 * (`standardizeArgs`) record a call given `initial_state` as one node whose inputs are the sequence,
 * then the states (for Bidirectional, the forward layer's then the backward one's); both refuse
 * states given both ways.
 */
export function statesAfterSequence(inputs: TensorSpec[], kwargs: CallKwargs): TensorSpec[] {
  const states = inputs.slice(1);
  if (states.length > 0 && collectTensors(kwargs.initial_state).length > 0) {
    throw new KerasBridgeError(
      'INVALID_ARGUMENT',
      'received initial states both as inputs after the sequence and as initial_state. Pass them one way: ' +
        'call the layer on the sequence alone with initial_state, or on [sequence, ...states].',
    );
  }
  return states;
}

/** The states each recurrent cell carries, in the order `initial_state` takes them. */
const CELL_STATES: Readonly<Record<string, readonly string[]>> = { SimpleRNN: ['h'], LSTM: ['h', 'c'], GRU: ['h'] };

/**
 * Checks the initial states a call of `layer` holds after its sequence: one per state of the cell,
 * each (batch, units), as Keras 2's `_validate_state_spec` and TF.js' `RNN.build` check. `part` says
 * which part of a wrapper's states they are. Classes other than SimpleRNN, LSTM and GRU are not checked.
 */
export function checkInitialStates(layer: { className: string; config: object }, states: readonly TensorSpec[], part = ''): void {
  const names = CELL_STATES[layer.className];
  const { units } = layer.config as RecurrentConfig;
  const fits = (s: TensorSpec) => s.shape.length === 2 && (s.shape[1] === null || s.shape[1] === units);
  if (!names || states.length === 0 || (states.length === names.length && states.every(fits))) return;
  throw new KerasBridgeError(
    'INCOMPATIBLE_SHAPES',
    `an initial_state was passed that is not compatible with the cell's states: received ${states.map((s) => formatShape(s.shape)).join(', ')} ` +
      `after the sequence${part}, where ${layer.className} takes ${names.length} (${names.join(' and ')}), each of shape (None, ${units}). ` +
      `Call it on [sequence, ${names.join(', ')}] or pass initial_state=[${names.join(', ')}].`,
  );
}

function recurrentDefinition<C extends RecurrentConfig>(layout: CellLayout<C>, extraDefaults: Omit<C, keyof RecurrentConfig>): LayerDefinition<C> {
  const sequenceOf = (c: C, [sequence, ...states]: TensorSpec[]): TensorSpec => {
    checkInitialStates({ className: layout.className, config: c }, states);
    return inputOfRank(sequence ? [sequence] : [], { exact: 3 });
  };
  return {
    className: layout.className,
    // Keras 3 keeps the variables on the cell: layers/<rnn>/cell/vars.
    savedChildren: ['cell'],
    defaults: { ...recurrentDefaults, ...extraDefaults } as C,
    positional: ['units'],
    required: ['units'],
    normalize(c) {
      checkPositiveInt(c.units, 'units');
      checkActivation(c.activation);
      if ('recurrent_activation' in c) checkActivation(c.recurrent_activation as Activation, 'recurrent_activation');
      return c;
    },
    outputSpecs(c, inputs, kwargs): TensorSpec[] {
      statesAfterSequence(inputs, kwargs);
      const [batch, steps] = sequenceOf(c, inputs).shape;
      const output = { shape: c.return_sequences ? [batch!, steps!, c.units] : [batch!, c.units], dtype: 'float32' as const };
      const state = { shape: [batch!, c.units], dtype: 'float32' as const };
      return c.return_state ? [output, ...CELL_STATES[layout.className]!.map(() => state)] : [output];
    },
    weights(c, inputs): WeightSpec[] {
      const x = sequenceOf(c, inputs);
      const features = knownDim(x.shape[2]!, 'last dimension', x.shape);
      const width = layout.gates * c.units;
      return [
        { name: `${layout.cellName}/kernel`, shape: [features, width] },
        { name: `${layout.cellName}/recurrent_kernel`, shape: [c.units, width] },
        ...(c.use_bias ? [{ name: `${layout.cellName}/bias`, shape: layout.biasShape(c) }] : []),
      ];
    },
    computeMask: recurrentMask,
    readsMask: true,
    upgradeConfig: upgradeRecurrentConfig,
  };
}

/**
 * Keras 2 `legacy_recurrent_support` and its `recurrent_args_preprocessor`. Keras 1's `consume_less`
 * only chose how the gates were computed, and tf.keras' `time_major=False` is the only layout Keras 3
 * has, so both are left for the importer to drop.
 */
function upgradeRecurrentConfig(config: SavedConfig): SavedConfig {
  const { forget_bias_init: forgetBiasInit, ...rest } = config;
  const upgraded = upgradeLegacyOptions(rest, [
    ['output_dim', 'units'],
    ['init', 'kernel_initializer'],
    ['inner_init', 'recurrent_initializer'],
    ['inner_activation', 'recurrent_activation'],
    ['W_regularizer', 'kernel_regularizer'],
    ['b_regularizer', 'bias_regularizer'],
    ['U_regularizer', 'recurrent_regularizer'],
    ['dropout_W', 'dropout'],
    ['dropout_U', 'recurrent_dropout'],
  ]);
  // Keras 2 kept only a forget-gate bias of ones, as `unit_forget_bias`, and ignored other initialisers.
  if (forgetBiasInit === 'one' && !('unit_forget_bias' in upgraded)) upgraded.unit_forget_bias = true;
  if (upgraded.time_major === true) {
    throw new KerasBridgeError(
      'INVALID_ARGUMENT',
      'time_major=True (inputs shaped (timesteps, batch, features)) has no Keras 3 equivalent. ' +
        'Rebuild the layer with time_major=False in tf.keras and save the model again.',
    );
  }
  return sequenceInputShape(upgraded);
}

/**
 * Keras 1 saved a kernel, recurrent kernel and bias per gate (`W_i, U_i, b_i, W_c, ...`); Keras 2
 * concatenates them along the last axis, taking the saved gates in `order` (Keras 2
 * `preprocess_weights_for_loading`, `original_keras_version == '1'`). With `consume_less='gpu'` Keras 1
 * saved the three concatenated arrays already, in Keras 2's gate order.
 */
function keras1Gates(arrays: WeightArray[], context: UpgradeContext, order: readonly number[]): WeightArray[] {
  if (context.kerasMajor !== 1 || arrays.length !== 3 * order.length) return arrays;
  return ['kernel', 'recurrent_kernel', 'bias'].map((name, k) => concatLast(order.map((gate) => arrays[3 * gate + k]!), name));
}

/**
 * Keras 2 `_convert_rnn_weights`: CuDNN layers store each gate's input kernel in Fortran order and its
 * recurrent kernel transposed. A bias of 2 * gates * units (separate input and recurrent biases) tells
 * them apart from native weights.
 */
function fromCuDNN(arrays: WeightArray[], gates: number, bias: (saved: WeightArray, units: number) => WeightArray): WeightArray[] {
  const [kernel, recurrent, saved] = arrays as [WeightArray, WeightArray, WeightArray];
  return [transformGates(kernel, gates, fromCuDNNInputKernel), transformGates(recurrent, gates, transpose2d), bias(saved, recurrent.shape[0]!)];
}

const isCuDNNBias = (arrays: WeightArray[], gates: number) =>
  arrays.length === 3 && arrays[2]!.shape.length === 1 && arrays[2]!.shape[0] === 2 * gates * arrays[1]!.shape[0]!;

/** GRU weights by bias layout, the three layouts `_convert_rnn_weights` distinguishes. */
function gruBiasLayout(arrays: WeightArray[]): 'CuDNNGRU' | 'GRU(reset_after=True)' | 'GRU(reset_after=False)' | undefined {
  if (arrays.length !== 3) return undefined;
  if (isCuDNNBias(arrays, 3)) return 'CuDNNGRU';
  return arrays[2]!.shape.length === 2 ? 'GRU(reset_after=True)' : 'GRU(reset_after=False)';
}

function upgradeGRUWeights(arrays: WeightArray[], c: GRUConfig, context: UpgradeContext): WeightArray[] {
  const weights = keras1Gates(arrays, context, [0, 1, 2]);
  const source = gruBiasLayout(weights);
  const target = c.reset_after ? 'GRU(reset_after=True)' : 'GRU(reset_after=False)';
  if (source === undefined || source === target) return weights;
  // Only the reset gate applied after the recurrent matmul (CuDNN's) keeps two biases apart.
  if (source === 'GRU(reset_after=False)' || target === 'GRU(reset_after=False)') {
    throw new KerasBridgeError(
      'WEIGHTS_MISMATCH',
      `The saved weights come from a ${source} (bias shape ${JSON.stringify(weights[2]!.shape)}), which is not compatible with ` +
        `${target}. Set reset_after to ${source !== 'GRU(reset_after=False)'} in the layer config.`,
    );
  }
  return fromCuDNN(weights, 3, (bias, units) => reshape(bias, [2, 3 * units]));
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
    { className: 'SimpleRNN', cellName: 'simple_rnn_cell', gates: 1, biasShape: (c) => [c.units] },
    {},
  ),
) as unknown as RecurrentFactory<SimpleRNNConfig>;

export const LSTM = layerFactory({
  ...recurrentDefinition<LSTMConfig>(
    { className: 'LSTM', cellName: 'lstm_cell', gates: 4, biasShape: (c) => [4 * c.units] },
    { recurrent_activation: 'sigmoid', unit_forget_bias: true },
  ),
  // Keras 1 gates i, c, f, o; Keras 2 i, f, c, o. CuDNNLSTM's two biases add up to LSTM's one.
  upgradeWeights(arrays, _c, context) {
    const weights = keras1Gates(arrays, context, [0, 2, 1, 3]);
    return isCuDNNBias(weights, 4) ? fromCuDNN(weights, 4, sumHalves) : weights;
  },
}) as unknown as RecurrentFactory<LSTMConfig>;

export const GRU = layerFactory({
  ...recurrentDefinition<GRUConfig>(
    // reset_after keeps separate input and recurrent biases, hence two rows.
    { className: 'GRU', cellName: 'gru_cell', gates: 3, biasShape: (c) => (c.reset_after ? [2, 3 * c.units] : [3 * c.units]) },
    { recurrent_activation: 'sigmoid', reset_after: true },
  ),
  upgradeConfig(config, context) {
    const upgraded = upgradeRecurrentConfig(config);
    // Keras 1 and standalone Keras 2 before keras-team/keras#9112 (2018) had no reset_after: their GRU
    // is reset_after=False, which Keras 3 no longer defaults to.
    if (context.kerasMajor < 3 && !('reset_after' in upgraded)) upgraded.reset_after = false;
    return upgraded;
  },
  // Keras 1 gates z, r, h are Keras 2's order.
  upgradeWeights: upgradeGRUWeights,
}) as unknown as RecurrentFactory<GRUConfig>;

// CuDNN kernels have fixed activations (tanh, and a true sigmoid for the gates) and always a bias;
// Keras 2 loads their weights into LSTM and GRU(reset_after=True) (`_convert_rnn_weights`).
const CUDNN_OPTIONS = { activation: 'tanh', recurrent_activation: 'sigmoid', use_bias: true };

/** tf.keras 1.x / Keras 2's CuDNN-only recurrent layers, as the portable layers they are equivalent to. */
export const RNN_LEGACY_CLASSES = [
  renamedClass('CuDNNLSTM', 'LSTM', (config) => ({ ...config, ...CUDNN_OPTIONS })),
  renamedClass('CuDNNGRU', 'GRU', (config) => ({ ...config, ...CUDNN_OPTIONS, reset_after: true })),
];
