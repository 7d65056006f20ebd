import { ConfiguredLayer } from '../../ir/define-layer.js';
import type { Functional } from '../../ir/functional.js';
import type { Node } from '../../ir/node.js';
import type { LayerCall } from './graph.js';

/** The layer calls of a model's own graph in Keras' execution order: by depth, deepest first. */
export function callsInOrder(model: Functional): Node[] {
  const byDepth = model.nodesByDepth;
  return [...byDepth.keys()].sort((a, b) => b - a).flatMap((depth) => byDepth.get(depth)!.filter((node) => !node.isInput));
}

/** A node as its lowering sees it; `masked` says which inputs hand a mask to the layer's `call`. */
export function layerCall(node: Node, masked?: readonly boolean[]): LayerCall<object> {
  const layer = node.layer;
  return {
    name: layer.name,
    className: layer.className,
    config: layer instanceof ConfiguredLayer ? (layer.config as object) : {},
    inputs: node.inputTensors,
    outputs: node.outputTensors,
    weights: Object.fromEntries(layer.weights.map((w) => [w.name, w])),
    kwargs: node.kwargs,
    ...(masked && { masked }),
  };
}
