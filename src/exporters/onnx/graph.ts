// What a lowering sees: a narrow graph-builder interface and the layer call it lowers. Lowering files
// import these as types only, so none of them touches protobufjs or the graph's bookkeeping.
import type { TensorSpec } from '../../ir/tensor.js';
import type { Weight } from '../../ir/weight.js';
import type { Attributes } from './attributes.js';
import type { TensorData, TensorSource, TransposedTensor } from './tensor-data.js';

declare const valueBrand: unique symbol;
/** An ONNX value (graph input, initializer or node output), by name; only the builder makes them. */
export type Value = string & { readonly [valueBrand]: 'onnx value' };

/** Reductions whose `axes` moved from an attribute to an input (ReduceSum at opset 13, the others at 18). */
export type ReduceOp = 'ReduceMean' | 'ReduceMax' | 'ReduceSum' | 'ReduceLogSumExp';

export interface OnnxGraph {
  /** The opset the model is written in; lowerings with variants pick the highest one <= this. */
  readonly opset: number;
  /** The Keras generation whose formulas apply (`hard_sigmoid` changed in Keras 3); 3 for models built here. */
  readonly kerasMajor: 1 | 2 | 3;
  /** Adds a node; `undefined` inputs are omitted optional inputs. */
  op(type: string, inputs: readonly (Value | undefined)[], attributes?: Attributes): Value;
  op(type: string, inputs: readonly (Value | undefined)[], attributes: Attributes | undefined, outputCount: number): Value[];
  /** A constant stored under `name`, or under the name of an equal initializer added before. */
  initializer(name: string, tensor: TensorSource | TransposedTensor): Value;
  /** A constant named after the layer being lowered. */
  constant(tensor: TensorData): Value;
  /** A layer variable as an initializer, stored once however many calls use it. */
  weight(weight: Weight): Value;
  /** A float32 scalar constant. */
  scalar(value: number): Value;
  /** A 1-D int64 constant: shapes, pads, axes, repeats. */
  int64s(values: readonly number[]): Value;
  reduce(type: ReduceOp, x: Value, axes: readonly number[], keepdims: boolean): Value;
  unsqueeze(x: Value, axes: readonly number[]): Value;
}

/** One call of a layer, as a lowering sees it. */
export interface LayerCall<C extends object> {
  readonly name: string;
  readonly className: string;
  /** The layer's options under Keras' names, normalised (tuples for `kernel_size`, ...). */
  readonly config: C;
  /** Keras' specs of the call's inputs and outputs; the batch dim is `null` unless the Input fixed it. */
  readonly inputs: readonly TensorSpec[];
  readonly outputs: readonly TensorSpec[];
  /** The layer's variables by name: `kernel`, `bias`, `moving_mean`, ... */
  readonly weights: Readonly<Record<string, Weight>>;
  /** The call's options other than its inputs (`use_causal_mask`, `return_attention_scores`, ...). */
  readonly kwargs?: Readonly<Record<string, unknown>>;
  /** Which inputs hand a Keras mask to the layer's `call` (see `CallExtras.masks`); absent when none does. */
  readonly masked?: readonly boolean[];
}

/** What a call receives besides its inputs, for the lowerings that declare they read it. */
export interface CallExtras {
  /**
   * For a lowering with `appliesMasks`: the Keras mask each input hands to the layer's `call` (bool,
   * true on the steps kept), undefined for an input without one; empty when none has one. Keras gives
   * none to a call with tensors among its keyword arguments (layer.py `__call__`, step 6).
   */
  readonly masks: readonly (Value | undefined)[];
  /** The tensors of each keyword argument named in the lowering's `tensorKwargs`, flattened in order. */
  readonly kwargs: Readonly<Record<string, readonly Value[]>>;
}

/** How one Keras layer class becomes ONNX nodes. */
export interface Lowering<C extends object = object> {
  readonly className: string;
  lower(g: OnnxGraph, call: LayerCall<C>, inputs: readonly Value[], extras: CallExtras): Value[];
  /** Keyword arguments given as tensors that `lower` reads from `extras.kwargs` (`initial_state`); a call with any other is refused. */
  readonly tensorKwargs?: readonly string[];
  /** Whether `lower` applies `extras.masks`; a call handing a mask to a layer whose Keras `call` reads it is refused otherwise. */
  readonly appliesMasks?: boolean;
  /** Why this call cannot be lowered (an option without a lowering yet); checked for every call before any is lowered. */
  unsupported?(call: LayerCall<C>): string | undefined;
  /** The lowest opset this call can be written in, when above the floor of 13. */
  minOpset?(call: LayerCall<C>): number;
}

/** A layer class known to lack a lowering, and why: listed so that the registry test sees every class. */
export interface NotYetLowered {
  readonly className: string;
  readonly notYet: string;
}

export type LoweringEntry = Lowering | NotYetLowered;

export function isLowering(entry: LoweringEntry): entry is Lowering {
  return 'lower' in entry;
}
