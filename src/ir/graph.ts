import { KerasBridgeError } from './errors.js';
import type { Layer } from './layer.js';
import type { Node } from './node.js';
import type { LayerOutput, SymbolicTensor } from './tensor.js';

type AnyLayer = Layer<LayerOutput>;

/** A functional graph in Keras' own order: nodes grouped by depth (0 = outputs), layers by first use. */
export interface GraphMap {
  readonly nodes: Set<Node>;
  /** Depth to nodes; the deepest holds the input nodes. */
  readonly nodesByDepth: Map<number, Node[]>;
  /** Layers and operations from the inputs to the outputs, ordered as Keras' `model._operations`. */
  readonly operations: AnyLayer[];
}

/**
 * Keras' `map_graph`: a depth-first walk back from the outputs, then depths and a check that every
 * node's inputs are reachable from the declared inputs. Ported so that layer order, depths and the
 * errors (cycles, disconnected graphs, duplicate names) are Keras'.
 */
export function mapGraph(inputs: readonly SymbolicTensor[], outputs: readonly SymbolicTensor[], modelName: string): GraphMap {
  const finished = new Set<Node>();
  const inProgress = new Set<Node>();
  const ordered: Node[] = [];
  const layerIndices = new Map<AnyLayer, number>();
  const inputSet = new Set(inputs);

  const visit = (tensor: SymbolicTensor): void => {
    const { layer, nodeIndex } = tensor.history;
    const node = layer.inboundNodes[nodeIndex]!;
    if (finished.has(node)) return;
    if (!node.isInput && inputSet.has(tensor)) {
      finished.add(node);
      return;
    }
    if (inProgress.has(node)) {
      throw new KerasBridgeError('GRAPH_DISCONNECTED', `Tensor ${tensor} from layer '${layer.name}' is part of a cycle.`, { layer: layer.name });
    }
    if (!layerIndices.has(layer)) layerIndices.set(layer, layerIndices.size);
    inProgress.add(node);
    if (!node.isInput) for (const t of node.dependencies) visit(t);
    finished.add(node);
    inProgress.delete(node);
    ordered.push(node);
  };
  for (const output of outputs) visit(output);

  const inGraph = new Set(ordered);
  const nodeDepths = new Map<Node, number>();
  const layerDepths = new Map<AnyLayer, number>();
  for (const node of [...ordered].reverse()) {
    const depth = Math.max(nodeDepths.get(node) ?? 0, layerDepths.get(node.layer) ?? 0);
    layerDepths.set(node.layer, depth);
    nodeDepths.set(node, depth);
    for (const parent of node.parentNodes) {
      if (inGraph.has(parent)) nodeDepths.set(parent, Math.max(depth + 1, nodeDepths.get(parent) ?? 0));
    }
  }
  for (const input of inputs) {
    const layer = input.history.layer;
    const node = layer.inboundNodes[input.history.nodeIndex]!;
    if (!layerDepths.has(layer) && node.isInput) {
      layerDepths.set(layer, 0);
      layerIndices.set(layer, -1);
      nodeDepths.set(node, 0);
    }
  }

  const nodesByDepth = new Map<number, Node[]>();
  for (const [node, depth] of nodeDepths) nodesByDepth.set(depth, [...(nodesByDepth.get(depth) ?? []), node]);
  const layersByDepth = new Map<number, AnyLayer[]>();
  for (const [layer, depth] of layerDepths) layersByDepth.set(depth, [...(layersByDepth.get(depth) ?? []), layer]);
  const layers = [...layersByDepth.keys()]
    .sort((a, b) => b - a)
    .flatMap((d) => layersByDepth.get(d)!.sort((a, b) => layerIndices.get(a)! - layerIndices.get(b)!));

  const computable = new Set<SymbolicTensor>(inputs);
  const reached: string[] = [];
  for (const depth of [...nodesByDepth.keys()].sort((a, b) => b - a)) {
    for (const node of nodesByDepth.get(depth)!) {
      for (const t of node.dependencies) {
        if (!computable.has(t)) {
          throw new KerasBridgeError(
            'GRAPH_DISCONNECTED',
            `Graph disconnected in model "${modelName}": cannot find parent for tensor ${t} at layer '${node.layer.name}'. ` +
              `The following previous layers were accessed without issue: [${reached.join(', ')}]. ` +
              'Pass every Input() the outputs depend on in `inputs`.',
            { layer: node.layer.name },
          );
        }
      }
      reached.push(node.layer.name);
      // An Input() reached by the walk but not declared in `inputs` gives the model no value.
      if (!node.isInput) for (const t of node.outputTensors) computable.add(t);
    }
  }

  const counts = new Map<string, number>();
  for (const layer of layers) counts.set(layer.name, (counts.get(layer.name) ?? 0) + 1);
  for (const [name, count] of counts) {
    if (count > 1) {
      throw new KerasBridgeError(
        'DUPLICATE_NAME',
        `The name "${name}" is used ${count} times in the model "${modelName}". All layer names should be unique; ` +
          'pass a different `name` to one of them.',
        { layer: name },
      );
    }
  }
  return { nodes: new Set(nodeDepths.keys()), nodesByDepth, operations: layers };
}
