import type { Functional } from '../ir/functional.js';

/** What `--json` prints about a model: the data of its summary table. */
export interface ModelJson {
  name: string;
  className: string;
  totalParams: number;
  trainableParams: number;
  inputs: { name: string; shape: (number | null)[]; dtype: string }[];
  outputs: { name: string; shape: (number | null)[]; dtype: string }[];
  layers: { name: string; className: string; params: number; outputShapes: (number | null)[][]; inboundNodes: number }[];
}

export function modelToJson(model: Functional): ModelJson {
  return {
    name: model.name,
    className: model.className,
    totalParams: model.countParams(),
    trainableParams: model.trainableWeights.reduce((sum, w) => sum + w.size, 0),
    inputs: model.inputs.map((t) => ({ name: t.history.layer.name, shape: [...t.shape], dtype: t.dtype })),
    outputs: model.outputs.map((t) => ({ name: t.history.layer.name, shape: [...t.shape], dtype: t.dtype })),
    layers: model.layers.map((layer) => ({
      name: layer.name,
      className: layer.className,
      params: layer.built ? layer.countParams() : 0,
      outputShapes: (layer.inboundNodes.at(-1)?.outputTensors ?? []).map((t) => [...t.shape]),
      inboundNodes: layer.inboundNodes.length,
    })),
  };
}
