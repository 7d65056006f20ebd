import { KerasBridgeError } from '../../../ir/errors.js';
import type { GraphProto } from '../onnx-schema.js';
import type { LayoutGraph } from './layout-graph.js';
import { channelsFirstPerm, invertPerm } from './perm.js';

const rankOf = (graph: GraphProto, name: string) => graph.input.find((i) => i.name === name)?.type.tensor_type.shape.dim.length ?? 0;

/** The inputs that may hold images: rank 3 (NWC) to 5 (NDHWC). */
export const imageInputCandidates = (graph: GraphProto): string[] => graph.input.map((i) => i.name).filter((name) => rankOf(graph, name) >= 3);

/** The input names an `inputsAsNchw` list gives, each checked to be an input with a channel axis to move. */
export function checkInputNames(graph: GraphProto, names: readonly string[]): void {
  for (const name of names) {
    if (rankOf(graph, name) < 3) {
      const why = graph.input.some((i) => i.name === name) ? 'has no channel axis to move (its rank is below 3)' : 'is not a graph input';
      throw new KerasBridgeError(
        'INVALID_ARGUMENT',
        `inputsAsNchw names '${name}', which ${why}. Name inputs of rank 3 to 5 among: ${graph.input.map((i) => i.name).join(', ')}.`,
      );
    }
  }
}

/**
 * Declares the graph input `name` in `order` (it was in the other one) and puts a Transpose behind it
 * that gives its readers the order they read before: going channels-first, a Transpose back to Keras'
 * order for the pass to push down; going back to Keras' order, the channels-first one.
 */
export function reorderInput(g: LayoutGraph, name: string, order: 'channels_first' | 'channels_last'): void {
  const index = g.inputs.findIndex((i) => i.name === name);
  const input = g.inputs[index]!;
  const toFirst = channelsFirstPerm(input.type.tensor_type.shape.dim.length);
  const perm = order === 'channels_first' ? toFirst : invertPerm(toFirst);
  const dim = perm.map((p) => input.type.tensor_type.shape.dim[p]!);
  g.inputs[index] = { ...input, type: { tensor_type: { ...input.type.tensor_type, shape: { dim } } } };
  const reordered = g.freshName(`${name}/reordered`);
  g.redirect(name, reordered);
  g.prepend(g.node(name, 'Transpose', [name], { perm: invertPerm(perm) }, reordered));
}
