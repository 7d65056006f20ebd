import { Functional } from '../ir/functional.js';
import type { Layer } from '../ir/layer.js';
import { SequentialModel } from '../ir/sequential.js';
import type { LayerOutput } from '../ir/tensor.js';
import { boxLabel, type BoxLabel } from './box-label.js';

type AnyLayer = Layer<LayerOutput>;

/** One layer or operation, drawn once however many times it is called. */
export interface PlotBox {
  readonly id: string;
  readonly label: BoxLabel;
}

/** A nested model drawn as a labelled group of its own boxes (`expandNested`). */
export interface PlotCluster {
  readonly id: string;
  readonly name: string;
  readonly boxes: PlotBox[];
  readonly clusters: PlotCluster[];
}

export interface PlotEdge {
  readonly from: string;
  readonly to: string;
}

/** What Keras' `model_to_dot` puts in a drawing, before any layout. */
export interface PlotGraph {
  readonly boxes: PlotBox[];
  readonly clusters: PlotCluster[];
  /** One per connected pair of boxes: Keras draws two tensors from one layer into another as one edge. */
  readonly edges: PlotEdge[];
  /** The layer calls (Keras nodes) whose inputs the edges draw. */
  readonly calls: number;
}

export interface PlotGraphOptions {
  showShapes: boolean;
  showLayerNames: boolean;
  expandNested: boolean;
}

/** Every box of a drawing or cluster, those inside nested clusters included. */
export function allBoxes(graph: Pick<PlotGraph, 'boxes' | 'clusters'>): PlotBox[] {
  return [...graph.boxes, ...graph.clusters.flatMap(allBoxes)];
}

const isModel = (layer: AnyLayer): layer is Functional => layer instanceof Functional;

/**
 * Builds the drawing by Keras' rules (keras/src/utils/model_visualization.py): a Functional model's
 * operations, a Sequential's layers (its InputLayer is not drawn), an edge per inbound tensor of each
 * call that belongs to the model, and with `expandNested` nested models as clusters whose edges enter at
 * the input layer the tensor feeds (a Sequential's first layer) and leave from the layer producing it.
 */
export function buildPlotGraph(model: Functional, options: PlotGraphOptions): PlotGraph {
  const ids = new Map<AnyLayer, string>();
  const edges: PlotEdge[] = [];
  const drawnEdges = new Set<string>();
  let calls = 0;

  const addEdge = (source: AnyLayer, destination: AnyLayer): void => {
    const from = ids.get(source);
    const to = ids.get(destination);
    // A Sequential's InputLayer has no box, so the edge into its first layer is not drawn either.
    if (from === undefined || to === undefined || drawnEdges.has(`${from} ${to}`)) return;
    drawnEdges.add(`${from} ${to}`);
    edges.push({ from, to });
  };

  const draw = (graphModel: Functional): Omit<PlotCluster, 'id' | 'name'> => {
    const listed = graphModel instanceof SequentialModel ? graphModel.layers : graphModel.operations;
    const boxes: PlotBox[] = [];
    const clusters: PlotCluster[] = [];
    for (const layer of listed) {
      if (ids.has(layer)) continue;
      if (options.expandNested && isModel(layer)) {
        ids.set(layer, `cluster${ids.size}`);
        clusters.push({ id: ids.get(layer)!, name: layer.name, ...draw(layer) });
      } else {
        ids.set(layer, `box${ids.size}`);
        boxes.push({ id: ids.get(layer)!, label: boxLabel(layer, options) });
      }
    }
    for (const layer of listed) {
      for (const node of layer.inboundNodes) {
        if (!graphModel.ownsNode(node)) continue;
        calls += 1;
        node.dependencies.forEach((tensor, inputIndex) => {
          const { layer: source, tensorIndex } = tensor.history;
          if (options.expandNested) addEdge(producingLayer(source, tensorIndex), receivingLayer(layer, inputIndex));
          else addEdge(source, layer);
        });
      }
    }
    return { boxes, clusters };
  };

  const { boxes, clusters } = draw(model);
  return { boxes, clusters, edges, calls };
}

/** The box inside (nested) models that produces a model's output `outputIndex`. */
function producingLayer(source: AnyLayer, outputIndex: number): AnyLayer {
  while (isModel(source)) {
    const history = source.outputs[outputIndex]!.history;
    source = history.layer;
    outputIndex = history.tensorIndex;
  }
  return source;
}

/** The box inside (nested) models that receives a call's input `inputIndex`: an InputLayer, or a Sequential's first layer. */
function receivingLayer(destination: AnyLayer, inputIndex: number): AnyLayer {
  while (isModel(destination)) {
    if (destination instanceof SequentialModel) destination = destination.layers[0]!;
    // A tensor passed by keyword besides the model's inputs has no InputLayer of its own: it joins the last.
    else destination = destination.inputs[Math.min(inputIndex, destination.inputs.length - 1)]!.history.layer;
  }
  return destination;
}
