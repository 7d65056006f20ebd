// Keras' recurrent cells (keras/src/layers/rnn/{simple_rnn,lstm,gru}.py) as the ONNX RNN, LSTM and
// GRU ops (https://onnx.ai/onnx/operators/onnx__LSTM.html). The ops run sequence-first: their
// batch-first `layout=1` (opset 14) is refused by onnxruntime's CPU kernels ("Batchwise recurrent
// operations (layout == 1) are not supported", onnxruntime-node 1.30), so Transposes go around them.
import type { Activation } from '../../../layers/common.js';
import type { GRUConfig, LSTMConfig, RecurrentConfig } from '../../../layers/rnn.js';
import { collectTensors } from '../../../ir/tensor.js';
import type { Weight } from '../../../ir/weight.js';
import type { CallExtras, LayerCall, OnnxGraph, Value } from '../graph.js';
import { float32Tensor, transposeTensor, weightTensor } from '../tensor-data.js';
import { expandSteps, lastOutput, type CompactedSteps, type Reading } from './recurrent-mask.js';

type AnyRecurrentConfig = RecurrentConfig & Partial<Pick<LSTMConfig & GRUConfig, 'recurrent_activation' | 'reset_after'>>;

/** A recurrent layer as the op needs it; a layer inside Bidirectional has no call of its own. */
export type RecurrentLayer = Pick<LayerCall<AnyRecurrentConfig>, 'name' | 'className' | 'config' | 'weights'>;

interface OnnxCell {
  readonly op: string;
  /** Keras' gate blocks in ONNX's order: LSTM is i, f, c, o in Keras and i, o, f, c in ONNX. */
  readonly gates: readonly number[];
  readonly states: number;
  /** The op's activation functions (f; f, g; f, g, h) as Keras options. */
  activations(c: AnyRecurrentConfig): Activation[];
}

const CELLS: Readonly<Record<string, OnnxCell>> = {
  SimpleRNN: { op: 'RNN', gates: [0], states: 1, activations: (c) => [c.activation] },
  LSTM: { op: 'LSTM', gates: [0, 3, 1, 2], states: 2, activations: (c) => [c.recurrent_activation!, c.activation, c.activation] },
  GRU: { op: 'GRU', gates: [0, 1, 2], states: 1, activations: (c) => [c.recurrent_activation!, c.activation] },
};

interface OnnxActivation {
  readonly name: string;
  readonly alpha?: number;
  readonly beta?: number;
}

// onnxruntime reads activation_alpha and activation_beta in order, each value by the next function that
// takes one (measured: [HardSigmoid, Tanh, Affine] with alphas [0.2, 2] gives Affine alpha 2), so a
// function without parameters takes no slot.
const ONNX_ACTIVATIONS: Partial<Record<string, (kerasMajor: number) => OnnxActivation>> = {
  tanh: () => ({ name: 'Tanh' }),
  sigmoid: () => ({ name: 'Sigmoid' }),
  relu: () => ({ name: 'Relu' }),
  linear: () => ({ name: 'Affine', alpha: 1, beta: 0 }),
  elu: () => ({ name: 'Elu', alpha: 1 }),
  leaky_relu: () => ({ name: 'LeakyRelu', alpha: 0.2 }),
  softsign: () => ({ name: 'Softsign' }),
  softplus: () => ({ name: 'Softplus' }),
  // Keras 1 and 2 (and TF.js) computed clip(0.2x + 0.5, 0, 1); Keras 3 relu6(x + 3) / 6.
  hard_sigmoid: (kerasMajor) => ({ name: 'HardSigmoid', alpha: kerasMajor >= 3 ? 1 / 6 : 0.2, beta: 0.5 }),
};

const onnxActivation = (activation: Activation) => ONNX_ACTIVATIONS[activation === null ? 'linear' : String(activation)];

/** Why a layer cannot run as an ONNX recurrent op, or undefined. */
export function recurrentUnsupported(layer: Pick<RecurrentLayer, 'className' | 'config'>): string | undefined {
  const cell = CELLS[layer.className];
  if (!cell) return `${layer.className} has no ONNX recurrent op`;
  const missing = [...new Set(cell.activations(layer.config).filter((a) => !onnxActivation(a)))];
  return missing.length > 0 ? `activation ${missing.map((a) => JSON.stringify(a)).join(', ')} is not among the ONNX ${cell.op} activation functions` : undefined;
}

/**
 * A call's initial states: its `initial_state` argument, or its inputs after the sequence, where
 * Keras 2 and TF.js record them (the layer definitions check their count and shapes on import).
 */
export const initialStates = (inputs: readonly Value[], kwargs: CallExtras['kwargs']): Value[] => [...kwargs.initial_state!, ...inputs.slice(1)];

/**
 * Why a call's `initial_state` does not fit `layers` (one per direction, Bidirectional splitting the
 * list in halves): each takes h, and c for LSTM, as Keras checks when it runs.
 */
export function initialStateUnsupported(call: Pick<LayerCall<object>, 'kwargs' | 'masked' | 'inputs'>, layers: readonly Pick<RecurrentLayer, 'className'>[]): string | undefined {
  const given = collectTensors(call.kwargs?.initial_state).length + call.inputs.length - 1;
  // Keras gives a call with initial states a mask only when it is passed explicitly; its rows with no kept step then keep the initial states.
  if (given > 0 && call.masked?.some(Boolean)) return 'a mask together with initial_state is not lowered yet';
  const wanted = layers.reduce((n, l) => n + (CELLS[l.className]?.states ?? 0), 0);
  const each = layers[0]!.className === 'LSTM' ? 'h and c' : 'h';
  return given === 0 || given === wanted ? undefined : `initial_state holds ${given} tensor(s) where it takes ${wanted}, ${each} per direction`;
}

/** Whether two layers can be the two directions of one op, which shares `hidden_size`, the bias input and `linear_before_reset`. */
export function sameOp(a: RecurrentLayer, b: RecurrentLayer): boolean {
  const attributes = (l: RecurrentLayer) => [l.className, l.config.units, l.config.use_bias, l.config.reset_after];
  return JSON.stringify(attributes(a)) === JSON.stringify(attributes(b));
}

/** Gate blocks of `data` (rows of `gates * units` blocks, one after another) in `order`. */
function reorderGates(data: Float32Array, order: readonly number[], rows: number): Float32Array {
  const block = data.length / (order.length * rows);
  const out = new Float32Array(data.length);
  for (let row = 0; row < rows; row++) {
    order.forEach((gate, k) => out.set(data.subarray((row * order.length + gate) * block, (row * order.length + gate + 1) * block), (row * order.length + k) * block));
  }
  return out;
}

/** Keras' (inputs, gates * units) matrix as ONNX's (gates * units, inputs), gates in ONNX's order. */
const onnxMatrix = (weight: Weight, layerName: string, cell: OnnxCell) =>
  reorderGates(transposeTensor(weightTensor(weight, layerName), [1, 0]).data as Float32Array, cell.gates, 1);

/**
 * ONNX's input and recurrent biases, one after the other. Keras has one bias, which ONNX adds as the
 * input bias, except GRU(reset_after=True): its two rows are the input bias and the one inside r * (...).
 */
function onnxBias(layer: RecurrentLayer, cell: OnnxCell): Float32Array {
  const bias = weightTensor(layer.weights.bias!, layer.name).data as Float32Array;
  const rows = bias.length / (cell.gates.length * layer.config.units);
  const both = new Float32Array(2 * cell.gates.length * layer.config.units);
  both.set(reorderGates(bias, cell.gates, rows));
  return both;
}

/** Outputs of an ONNX recurrent op: `Y` (steps, directions, batch, units), `Y_h` and for LSTM `Y_c` (directions, batch, units). */
export interface RecurrentNode {
  readonly sequences: Value;
  readonly states: readonly Value[];
}

/** What a recurrent op reads besides its input, when Keras gives it. */
export interface RecurrentInputs {
  /** Steps to read per row, the rest skipped (int32, batch): see `compactSteps`. */
  readonly lengths?: Value;
  /** Each layer's `initial_state` list (h, and c for LSTM), each (batch, units). */
  readonly initialStates?: readonly (readonly Value[])[];
}

/**
 * One ONNX op running `layers` (one, or two for `direction` 'bidirectional' where `sameOp` holds) over
 * the batch-first `x`, from `initialStates` or zero states. Zero states are also what a `stateful`
 * layer starts from after `reset_states()`; states carried between batches have no place in an ONNX graph.
 */
export function recurrentNode(g: OnnxGraph, layers: readonly RecurrentLayer[], x: Value, direction: 'forward' | 'reverse' | 'bidirectional', given: RecurrentInputs = {}): RecurrentNode {
  const [first] = layers as [RecurrentLayer];
  const { units, use_bias: useBias, reset_after: resetAfter } = first.config;
  const cell = CELLS[first.className]!;
  const stacked = (what: string, dims: readonly number[], values: (layer: RecurrentLayer) => Float32Array) => {
    const parts = layers.map(values);
    const data = new Float32Array(parts.length * parts[0]!.length);
    parts.forEach((p, i) => data.set(p, i * p.length));
    return g.initializer(`${first.name}/${what}`, float32Tensor(data, [layers.length, ...dims]));
  };
  const gateRows = cell.gates.length * units;
  const W = stacked('W', [gateRows, first.weights.kernel!.shape[0]!], (l) => onnxMatrix(l.weights.kernel!, l.name, cell));
  const R = stacked('R', [gateRows, units], (l) => onnxMatrix(l.weights.recurrent_kernel!, l.name, cell));
  const B = useBias ? stacked('B', [2 * gateRows], (l) => onnxBias(l, cell)) : undefined;
  const activations = layers.flatMap((l) => cell.activations(l.config).map((a) => onnxActivation(a)!(g.kerasMajor)));
  const parameters = (key: 'alpha' | 'beta') => activations.flatMap((a) => (a[key] === undefined ? [] : [a[key]]));
  // initial_h and initial_c are (directions, batch, units): each layer's state gets a leading axis.
  const initial = (k: number) => {
    const parts = given.initialStates?.map((states) => g.unsqueeze(states[k]!, [0]));
    return parts && (parts.length === 1 ? parts[0] : g.op('Concat', parts, { axis: 0 }));
  };
  const [sequences, ...states] = g.op(
    cell.op,
    [g.op('Transpose', [x], { perm: [1, 0, 2] }), W, R, B, given.lengths, ...Array.from({ length: cell.states }, (_, k) => initial(k))],
    {
      hidden_size: units,
      direction,
      activations: activations.map((a) => a.name),
      activation_alpha: parameters('alpha').length > 0 ? parameters('alpha') : undefined,
      activation_beta: parameters('beta').length > 0 ? parameters('beta') : undefined,
      linear_before_reset: cell.op === 'GRU' ? Number(resetAfter) : undefined,
    },
    1 + cell.states,
  );
  return { sequences: sequences!, states };
}

/**
 * Each direction of an op (one per layer in `layers`) as a Keras layer returns it: the whole sequence
 * batch-first and in input order (the one of the direction reading backwards too) or the last output,
 * then the states if asked for. Over `compacted` steps, outputs go back to the masked input's positions.
 */
export function directionOutputs(
  g: OnnxGraph,
  node: RecurrentNode,
  layers: readonly RecurrentLayer[],
  want: { sequences: boolean; states: boolean },
  compacted?: CompactedSteps,
): { output: Value; states: Value[] }[] {
  const batchFirst = want.sequences ? g.op('Transpose', [node.sequences], { perm: [2, 0, 1, 3] }) : undefined;
  return layers.map((layer, d) => {
    const index = g.constant({ dtype: 'int64', dims: [], data: BigInt64Array.of(BigInt(d)) });
    const pick = (state: Value) => g.op('Gather', [state, index], { axis: 0 });
    const states = want.states ? node.states.map(pick) : [];
    const reading: Reading = { reverse: layer.config.go_backwards, zeroOutputForMask: layer.config.zero_output_for_mask };
    if (batchFirst) {
      const sequence = g.op('Gather', [batchFirst, index], { axis: 2 });
      return { output: compacted ? expandSteps(g, sequence, compacted, reading) : sequence, states };
    }
    const last = states[0] ?? pick(node.states[0]!);
    return { output: compacted ? lastOutput(g, last, compacted, reading) : last, states };
  });
}

/** `x` with its time axis (1) reversed, as Keras returns the sequence of a layer reading backwards. */
export function reverseTime(g: OnnxGraph, x: Value): Value {
  return g.op('Slice', [x, g.int64s([-1]), g.int64s([Number.MIN_SAFE_INTEGER]), g.int64s([1]), g.int64s([-1])]);
}
