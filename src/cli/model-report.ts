import type { Functional } from '../ir/functional.js';

type TensorRef = [layer: string, nodeIndex: number, tensorIndex: number];

/** What `--json` prints about a model: the data of its summary table, with each layer's calls. */
export interface ModelJson {
  name: string;
  className: string;
  totalParams: number;
  trainableParams: number;
  inputs: { name: string; shape: (number | null)[]; dtype: string }[];
  outputs: { name: string; shape: (number | null)[]; dtype: string }[];
  layers: {
    name: string;
    className: string;
    params: number;
    outputShapes: (number | null)[][];
    /** One entry per call of the layer in this model: the `[layer, node, tensor]` it consumed. */
    inboundNodes: TensorRef[][];
  }[];
}

export function modelToJson(model: Functional): ModelJson {
  return {
    name: model.name,
    className: model.className,
    totalParams: model.countParams(),
    trainableParams: model.trainableWeights.reduce((sum, w) => sum + w.size, 0),
    inputs: model.inputs.map((t) => ({ name: t.history.layer.name, shape: [...t.shape], dtype: t.dtype })),
    outputs: model.outputs.map((t) => ({ name: t.history.layer.name, shape: [...t.shape], dtype: t.dtype })),
    layers: model.layers.map((layer) => {
      const calls = layer.inboundNodes.filter((node) => !node.isInput && model.ownsNode(node));
      return {
        name: layer.name,
        className: layer.className,
        params: layer.built ? layer.countParams() : 0,
        outputShapes: (calls.at(-1) ?? layer.inboundNodes.at(-1))?.outputTensors.map((t) => [...t.shape]) ?? [],
        inboundNodes: calls.map((node) => node.dependencies.map((t): TensorRef => [t.history.layer.name, t.history.nodeIndex, t.history.tensorIndex])),
      };
    }),
  };
}
