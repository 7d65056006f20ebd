import type { Functional } from '../ir/functional.js';
import { KerasBridgeError } from '../ir/errors.js';
import { layoutPlot, RANKDIRS, type RankDir } from './layout.js';
import { buildPlotGraph, type PlotGraph } from './plot-graph.js';
import { renderSvg } from './svg.js';

/** `keras.utils.plot_model`'s options, under TypeScript names; the defaults suit a web page. */
export interface PlotOptions {
  /** Input and output shapes in each box (Keras' `show_shapes`). Default true. */
  showShapes?: boolean;
  /** `name (Class)` in each box, or the class alone (Keras' `show_layer_names`). Default true. */
  showLayerNames?: boolean;
  /** Nested models as labelled clusters of their layers, not one box (Keras' `expand_nested`). Default false. */
  expandNested?: boolean;
  /** The direction the graph flows: 'TB' top to bottom (default), 'LR' left to right, or 'BT', 'RL'. */
  rankdir?: RankDir;
}

/** What a drawing holds, and its SVG markup. */
export interface ModelPlot {
  readonly graph: PlotGraph;
  readonly svg: string;
}

/** Draws a model as Keras' `plot_model` does, with the counts of what was drawn. */
export function drawModel(model: Functional, options: PlotOptions = {}): ModelPlot {
  const { showShapes = true, showLayerNames = true, expandNested = false, rankdir = 'TB' } = options;
  if (!RANKDIRS.includes(rankdir)) {
    throw new KerasBridgeError('INVALID_ARGUMENT', `plotModel: rankdir '${String(rankdir)}' is not one of ${RANKDIRS.join(', ')}. Use 'TB' (top to bottom) or 'LR' (left to right).`);
  }
  const graph = buildPlotGraph(model, { showShapes, showLayerNames, expandNested });
  return { graph, svg: renderSvg(layoutPlot(graph, rankdir), model.name) };
}

/**
 * Standalone SVG markup of a model's graph, like `keras.utils.plot_model`: a box per layer or
 * operation (`name (Class)` and its shapes), an edge per connection, nested models as one box or as
 * clusters. Needs no DOM: runs in Node and in browsers alike.
 */
export function plotModel(model: Functional, options: PlotOptions = {}): string {
  return drawModel(model, options).svg;
}
