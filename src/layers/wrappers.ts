import { KerasBridgeError } from '../ir/errors.js';
import {
  ConfiguredLayer,
  layerFactory,
  type LayerDefinition,
  type LayerOptions,
  type LegacyClass,
  type UpgradeContext,
  type WeightArray,
} from '../ir/define-layer.js';
import type { Layer } from '../ir/layer.js';
import type { CallKwargs } from '../ir/node.js';
import { keepMask } from '../ir/masks.js';
import { formatShape } from '../ir/shape.js';
import type { LayerOutput, SymbolicTensor, TensorSpec } from '../ir/tensor.js';
import { onlyInput } from './common.js';
import { Dense } from './dense.js';
import { baseOf, sequenceInputShape } from './legacy.js';
import { checkInitialStates, statesAfterSequence, type RecurrentConfig } from './rnn.js';

export interface TimeDistributedConfig {
  /** The layer or model applied to every time step; its weights are shared across steps. */
  layer: Layer<LayerOutput>;
}

/** The spec one time step has: the input without its time axis. */
function stepSpec(inputs: TensorSpec[]): TensorSpec {
  const x = onlyInput(inputs);
  if (x.shape.length < 3) {
    throw new KerasBridgeError(
      'INCOMPATIBLE_SHAPES',
      `\`TimeDistributed\` Layer should be passed an input with at least 3 dimensions, received: ${formatShape(x.shape)}.`,
    );
  }
  return { shape: [x.shape[0]!, ...x.shape.slice(2)], dtype: x.dtype };
}

/** Applies a layer (or a whole model) to every temporal slice of its input. */
export const TimeDistributed = layerFactory<TimeDistributedConfig, [layer: Layer<LayerOutput>]>({
  className: 'TimeDistributed',
  savedChildren: ['layer'],
  defaults: { layer: undefined as unknown as Layer<LayerOutput> },
  positional: ['layer'],
  required: ['layer'],
  normalize(c) {
    if (typeof c.layer !== 'function' || !('computeOutputSpecs' in c.layer)) {
      throw new KerasBridgeError('INVALID_ARGUMENT', `Please initialize \`TimeDistributed\` layer with a layer or model instance. Received: ${String(c.layer)}.`);
    }
    return c;
  },
  sublayers: (c) => [c.layer],
  buildSublayers(c, inputs) {
    c.layer.buildFor([stepSpec(inputs)]);
  },
  // Keras passes each step's slice of the mask to the wrapped layer, and the whole mask on unchanged.
  computeMask: keepMask,
  readsMask: true,
  outputSpecs(c, inputs) {
    const steps = onlyInput(inputs).shape[1]!;
    return c.layer.computeOutputSpecs([stepSpec(inputs)], {}).map((s) => ({ shape: [s.shape[0]!, steps, ...s.shape.slice(1)], dtype: s.dtype }));
  },
  // The saved arrays are the wrapped layer's, converted by its own rules (Keras 2
  // `preprocess_weights_for_loading`, `convert_nested_time_distributed`). Once: for Keras 1 files Keras 2
  // converts them a second time, which turns a 'th' kernel back into the old layout.
  upgradeWeights: (arrays, c, context) => upgradeWrapped(c.layer, arrays, context),
});

/** A wrapped layer's saved arrays, converted by the wrapped layer's own rules. */
function upgradeWrapped(layer: Layer<LayerOutput>, arrays: WeightArray[], context: UpgradeContext): WeightArray[] {
  if (!(layer instanceof ConfiguredLayer) || !layer.definition.upgradeWeights) return arrays;
  return layer.definition.upgradeWeights(arrays, layer.config, { ...context, savedClassName: layer.className });
}

const WRAPPER_KEYS = new Set(['name', 'trainable', 'dtype', 'batch_input_shape', 'input_dim', 'input_length']);

/**
 * Keras 1 `TimeDistributedDense`, which Keras 2 replaced by `TimeDistributed(Dense(...))`. Its W and b
 * are the Dense kernel and bias, so the weights load unchanged.
 */
export const WRAPPER_LEGACY_CLASSES: readonly LegacyClass[] = [
  {
    className: 'TimeDistributedDense',
    upgrade(config, context) {
      const wrapper = baseOf(sequenceInputShape(config));
      const dense = Object.fromEntries(Object.entries(config).filter(([key]) => !WRAPPER_KEYS.has(key)));
      const layer = { class_name: 'Dense', config: Dense.definition.upgradeConfig!(dense, { ...context, savedClassName: 'Dense' }) };
      return { className: 'TimeDistributed', config: { ...wrapper, layer } };
    },
  },
];

/** What Bidirectional needs of the layer it wraps: the options of Keras' `RNN` base class. */
export type RecurrentOptions = Pick<RecurrentConfig, 'go_backwards' | 'return_sequences' | 'return_state' | 'stateful' | 'zero_output_for_mask'>;
type RecurrentLayer = ConfiguredLayer<RecurrentOptions, LayerOutput>;

export type BidirectionalMergeMode = 'concat' | 'sum' | 'mul' | 'ave' | null;
const MERGE_MODES: readonly BidirectionalMergeMode[] = ['concat', 'sum', 'mul', 'ave', null];

export interface BidirectionalConfig {
  /** The recurrent layer run forwards; Keras stores a copy named `forward_<name>`. */
  layer: Layer<LayerOutput>;
  /** How the two directions' outputs combine; `null` returns both. */
  merge_mode: BidirectionalMergeMode;
  /** The layer run backwards; by default a copy of `layer` named `backward_<name>` with `go_backwards` set. */
  backward_layer: Layer<LayerOutput> | null;
}

function recurrentLayer(value: unknown, option: string): RecurrentLayer {
  if (!(value instanceof ConfiguredLayer) || !('go_backwards' in value.config)) {
    const received = value instanceof ConfiguredLayer ? `a ${value.className} layer` : String(value);
    throw new KerasBridgeError(
      'INVALID_ARGUMENT',
      `\`${option}\` of \`Bidirectional\` must be a recurrent layer (LSTM, GRU, SimpleRNN, ConvLSTM2D, ...). Received: ${received}.`,
    );
  }
  return value as RecurrentLayer;
}

/** Keras copies the wrapped layer through its config: same class and options, a new name, fresh weights. */
function copyLayer(layer: RecurrentLayer, prefix: 'forward_' | 'backward_', overrides: Partial<RecurrentOptions>): RecurrentLayer {
  const name = prefix + (layer.name.startsWith(prefix) ? layer.name.slice(prefix.length) : layer.name);
  return ConfiguredLayer.create(layer.definition, { ...layer.config, ...overrides }, { name, trainable: layer.trainable, dtype: layer.dtype });
}

function checkDirections(forward: RecurrentOptions, backward: RecurrentOptions): void {
  if (forward.go_backwards === backward.go_backwards) {
    throw new KerasBridgeError(
      'INVALID_ARGUMENT',
      `Forward layer and backward layer should have different \`go_backwards\` values. Received: go_backwards=${forward.go_backwards} for both.`,
    );
  }
  for (const option of ['stateful', 'return_sequences', 'return_state'] as const) {
    if (forward[option] !== backward[option]) {
      throw new KerasBridgeError(
        'INVALID_ARGUMENT',
        `Forward layer and backward layer are expected to have the same value for attribute "${option}", ` +
          `got "${forward[option]}" for forward layer and "${backward[option]}" for backward layer.`,
      );
    }
  }
}

/**
 * Each direction's inputs: the sequence, then its half of the initial states that follow it in a
 * Keras 2 or TF.js node (the forward layer's first), as Keras 2's `Bidirectional.__call__` splits them.
 */
function directionInputs(c: BidirectionalConfig, inputs: TensorSpec[], kwargs: CallKwargs = {}): [TensorSpec[], TensorSpec[]] {
  const states = statesAfterSequence(inputs, kwargs);
  if (states.length % 2 !== 0) {
    throw new KerasBridgeError(
      'INCOMPATIBLE_SHAPES',
      `received ${states.length} initial state(s) after the sequence. When passing initial_state to a Bidirectional RNN, ` +
        "the state should be a list containing the states of the underlying RNNs: the forward layer's, then the backward layer's.",
    );
  }
  const halves = [states.slice(0, states.length / 2), states.slice(states.length / 2)];
  const layers = [c.layer as RecurrentLayer, c.backward_layer as RecurrentLayer];
  halves.forEach((half, d) => checkInitialStates(layers[d]!, half, ` (the ${d === 0 ? 'forward' : 'backward'} layer's half)`));
  const sequence = inputs.slice(0, 1);
  return [[...sequence, ...halves[0]!], [...sequence, ...halves[1]!]];
}

const bidirectionalDefinition: LayerDefinition<BidirectionalConfig> = {
  className: 'Bidirectional',
  savedChildren: ['forward_layer', 'backward_layer'],
  defaults: { layer: undefined as unknown as Layer<LayerOutput>, merge_mode: 'concat', backward_layer: null },
  positional: ['layer', 'merge_mode'],
  required: ['layer'],
  normalize(c) {
    if (!MERGE_MODES.includes(c.merge_mode)) {
      throw new KerasBridgeError(
        'INVALID_ARGUMENT',
        `Invalid merge mode. Received: ${JSON.stringify(c.merge_mode)}. Merge mode should be one of "sum", "mul", "ave", "concat" or null.`,
      );
    }
    const layer = recurrentLayer(c.layer, 'layer');
    // Keras makes masked steps output zeros exactly when whole sequences are returned.
    const zero_output_for_mask = layer.config.return_sequences;
    const forward = copyLayer(layer, 'forward_', { zero_output_for_mask });
    const backward =
      c.backward_layer === null
        ? copyLayer(layer, 'backward_', { go_backwards: true, zero_output_for_mask })
        : recurrentLayer(c.backward_layer, 'backward_layer');
    checkDirections(forward.config, backward.config);
    // A given backward layer is used as is, and Keras sets this attribute on it in place.
    backward.config.zero_output_for_mask = backward.config.return_sequences;
    return { ...c, layer: forward, backward_layer: backward };
  },
  sublayers: (c) => [c.layer, c.backward_layer!],
  buildSublayers(c, inputs) {
    const [forward, backward] = directionInputs(c, inputs);
    c.layer.buildFor(forward);
    c.backward_layer!.buildFor(backward);
  },
  // Keras 2 made the backward copy with the opposite `go_backwards`, so a wrapped layer reading
  // backwards was valid there; Keras 3 always sets it and rejects that case, hence an explicit copy.
  upgradeConfig(config, context) {
    const layer = config.layer as { class_name?: string; config?: Record<string, unknown> } | undefined;
    if (context.kerasMajor === 3 || config.backward_layer || !layer?.config?.go_backwards) return config;
    const backward = { ...layer.config, name: `backward_${String(layer.config.name)}`, go_backwards: false };
    return { ...config, backward_layer: { ...layer, config: backward } };
  },
  // Keras 2's preprocess_weights_for_loading: each half of the arrays is one direction's, converted by its rules.
  upgradeWeights(arrays, c, context) {
    const half = arrays.length / 2;
    return [...upgradeWrapped(c.layer, arrays.slice(0, half), context), ...upgradeWrapped(c.backward_layer!, arrays.slice(half), context)];
  },
  outputSpecs(c, inputs, kwargs) {
    // Keras infers every shape from the forward layer, even where a given backward layer differs.
    const [output, ...states] = c.layer.computeOutputSpecs(directionInputs(c, inputs, kwargs)[0], {});
    const y: TensorSpec = { shape: output!.shape, dtype: 'float32' };
    const last = y.shape[y.shape.length - 1]!;
    const concatenated: TensorSpec = { shape: [...y.shape.slice(0, -1), last === null ? null : 2 * last], dtype: 'float32' };
    const merged = c.merge_mode === null ? [y, y] : [c.merge_mode === 'concat' ? concatenated : y];
    return [...merged, ...states, ...states];
  },
  // Keras' `Bidirectional.compute_mask`: the input's mask on each returned sequence, none on states.
  computeMask(c, [mask]) {
    if (!(c.layer as RecurrentLayer).config.return_sequences) return [];
    return c.merge_mode === null ? [mask, mask] : [mask];
  },
  readsMask: true,
};

type BidirectionalOptions = LayerOptions<BidirectionalConfig>;
type ListOutput = ConfiguredLayer<BidirectionalConfig, SymbolicTensor[]>;

/**
 * Bidirectional wrapper for recurrent layers. The call gives a list when the wrapped layer returns its
 * states (those of both directions follow the output) or when `merge_mode` is `null`.
 */
export interface BidirectionalFactory {
  (layer: Layer<SymbolicTensor[]>, merge_mode?: BidirectionalMergeMode, options?: BidirectionalOptions): ListOutput;
  (layer: Layer<SymbolicTensor[]>, options?: BidirectionalOptions): ListOutput;
  (layer: Layer<LayerOutput>, merge_mode: null, options?: BidirectionalOptions): ListOutput;
  (layer: Layer<LayerOutput>, options: BidirectionalOptions & { merge_mode: null }): ListOutput;
  (options: BidirectionalOptions & { merge_mode: null }): ListOutput;
  (layer: Layer<LayerOutput>, merge_mode?: BidirectionalMergeMode, options?: BidirectionalOptions): ConfiguredLayer<BidirectionalConfig>;
  (layer: Layer<LayerOutput>, options?: BidirectionalOptions): ConfiguredLayer<BidirectionalConfig>;
  (options: BidirectionalOptions): ConfiguredLayer<BidirectionalConfig>;
  readonly definition: LayerDefinition<BidirectionalConfig>;
}

export const Bidirectional = layerFactory(bidirectionalDefinition) as unknown as BidirectionalFactory;
