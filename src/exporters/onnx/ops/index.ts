// Operation nodes (Keras 3's `x + y`, `keras.ops.*`, `x[:, 1:]`; tf.keras 2's TFOpLambda) are lowered
// from this table, apart from the layer lowerings: an operation and a layer may share a class name
// (Add, Concatenate, Dot) and mean different calls.
import type { Node } from '../../../ir/node.js';
import type { OperationLayer } from '../../../ir/operation.js';
import { collectTensors } from '../../../ir/tensor.js';
import type { OnnxGraph, Value } from '../graph.js';
import { ELEMENTWISE_OP_LOWERINGS } from './elementwise.js';
import { LINALG_OP_LOWERINGS } from './linalg.js';
import { NN_OP_LOWERINGS } from './nn.js';
import { opCall, type OpLowering } from './op-call.js';
import { REDUCTION_OP_LOWERINGS } from './reductions.js';
import { SHAPE_OP_LOWERINGS } from './shape-ops.js';
import { GET_ITEM_LOWERING } from './slicing.js';

/** One lowering per class of OP_DEFINITIONS (src/ops/index.ts). */
export const OP_LOWERINGS = [
  ...ELEMENTWISE_OP_LOWERINGS, ...NN_OP_LOWERINGS, ...REDUCTION_OP_LOWERINGS, ...SHAPE_OP_LOWERINGS, ...LINALG_OP_LOWERINGS, GET_ITEM_LOWERING,
] as readonly OpLowering<object>[];

const BY_CLASS = new Map(OP_LOWERINGS.map((l) => [l.definition.className, l]));

/** The lowering of a node's operation: only for the built-in definition, not a custom one of the same class name. */
function loweringOf(node: Node): OpLowering<object> | undefined {
  const op = node.layer as OperationLayer<object>;
  const lowering = BY_CLASS.get(op.className);
  return lowering?.definition === op.definition ? lowering : undefined;
}

/** Why an operation node cannot be lowered, or undefined. */
export function operationUnsupported(node: Node): string | undefined {
  const lowering = loweringOf(node);
  if (!lowering) return `Keras operation ${node.layer.className} (${(node.layer as OperationLayer).module}) has no ONNX lowering`;
  const keywords = Object.keys(node.kwargs).filter((key) => collectTensors(node.kwargs[key]).length > 0);
  if (keywords.length > 0) return `called with tensor keyword arguments (${keywords.join(', ')}), which are not lowered yet`;
  return lowering.unsupported?.(opCall(node, (t) => t));
}

/** Lowers an operation node checked by `operationUnsupported`; `inputs` hold its input tensors in order. */
export function lowerOperation(g: OnnxGraph, node: Node, inputs: readonly Value[]): Value[] {
  return loweringOf(node)!.lower(g, opCall(node, (t) => ({ shape: t.shape, dtype: t.dtype, value: inputs[node.inputTensors.indexOf(t)]! })));
}
