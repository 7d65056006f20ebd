// What an operation lowering sees. Layers get their inputs as a list; an operation node keeps the
// call's positional arguments as Keras recorded them (`x * 2.5`, `concatenate([a, b])`, `x[:, 1:]`),
// so its lowering gets that structure, each tensor paired with the ONNX value holding it.
import type { Node } from '../../../ir/node.js';
import { mapTensors, type OpArg } from '../../../ir/op-args.js';
import type { OperationDefinition, OperationLayer } from '../../../ir/operation.js';
import type { SymbolicTensor, TensorSpec } from '../../../ir/tensor.js';
import type { OnnxGraph, Value } from '../graph.js';

/** A tensor argument of an operation call: Keras' spec and the ONNX value holding it. */
export interface OpTensor extends TensorSpec {
  readonly value: Value;
}

/** One call of an operation; `T` is `OpTensor` when lowering and the bare spec in the preflight. */
export interface OpCall<C extends object, T extends TensorSpec = OpTensor> {
  readonly config: C;
  readonly args: readonly OpArg<T>[];
  readonly outputs: readonly TensorSpec[];
}

/** How one operation class becomes ONNX nodes. */
export interface OpLowering<C extends object = never> {
  readonly definition: OperationDefinition<C>;
  lower(g: OnnxGraph, call: OpCall<C>): Value[];
  /** Why this call cannot be lowered, checked for every call before any is lowered. */
  unsupported?(call: OpCall<C, TensorSpec>): string | undefined;
}

/** The node's call with each tensor replaced by `tensor(t)`. */
export function opCall<T extends TensorSpec>(node: Node, tensor: (t: SymbolicTensor) => T): OpCall<object, T> {
  const op = node.layer as OperationLayer<object>;
  return { config: op.config, args: (node.args as readonly OpArg[]).map((a) => mapTensors(a, tensor)), outputs: node.outputTensors };
}
