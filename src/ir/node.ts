import type { Layer } from './layer.js';
import { collectTensors, type LayerOutput, type SymbolicTensor } from './tensor.js';

/** Keyword arguments of a layer call (`initial_state`, `mask`, `training`, ...), kept as given. */
export type CallKwargs = Record<string, unknown>;

/**
 * One call of a layer: the tensors it consumed and produced. A layer called n times has nodes 0..n-1,
 * which is what `getOutputAt(i)` and the `inbound_nodes` of a saved config refer to.
 */
export class Node {
  /**
   * The call's positional arguments as given, constants in place: `[x]` for a layer, `[[a, b]]` for a
   * merge layer, `[x, 2]` for the operation `x * 2`. Operations need them to replay the call.
   */
  readonly args: readonly unknown[];

  constructor(
    readonly layer: Layer<LayerOutput>,
    readonly inputTensors: SymbolicTensor[],
    readonly outputTensors: SymbolicTensor[],
    /** True when the layer was called on a list (merge layers, multi-input models), even of one tensor. */
    readonly inputsAsList: boolean,
    readonly kwargs: CallKwargs,
    args?: readonly unknown[],
  ) {
    this.args = args ?? (inputTensors.length === 0 ? [] : [inputsAsList ? inputTensors : inputTensors[0]]);
  }

  /** An InputLayer's node: the start of a graph. */
  get isInput(): boolean {
    return this.inputTensors.length === 0;
  }

  /** Every tensor this node depends on: the call's inputs, then tensors passed as keyword arguments. */
  get dependencies(): SymbolicTensor[] {
    return [...this.inputTensors, ...collectTensors(this.kwargs)];
  }

  get parentNodes(): Node[] {
    return this.dependencies.map((t) => t.history.layer.inboundNodes[t.history.nodeIndex]!);
  }
}
