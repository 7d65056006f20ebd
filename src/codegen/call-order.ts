import type { Functional } from '../ir/functional.js';
import type { Node } from '../ir/node.js';

/**
 * The calls of a model's graph in the order code can replay them: a depth-first walk back from the
 * outputs, as Keras' own graph mapping walks it, so each branch is written in one piece. A layer's
 * calls must be made in node-index order for the indices to come out the same, so reaching a call
 * first makes the layer's earlier calls in this graph.
 */
export function callOrder(model: Functional): Node[] {
  const order: Node[] = [];
  const done = new Set<Node>();
  const visit = (node: Node): void => {
    if (done.has(node)) return;
    done.add(node);
    const index = node.layer.inboundNodes.indexOf(node);
    for (const earlier of node.layer.inboundNodes.slice(0, index)) if (model.ownsNode(earlier)) visit(earlier);
    for (const parent of node.parentNodes) if (model.ownsNode(parent)) visit(parent);
    order.push(node);
  };
  for (const output of model.outputs) visit(output.history.layer.inboundNodes[output.history.nodeIndex]!);
  return order;
}
