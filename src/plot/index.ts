/** Drawings of Keras model graphs as SVG, like `keras.utils.plot_model`. */
export { drawModel, plotModel, type ModelPlot, type PlotOptions } from './plot-model.js';
export { RANKDIRS, type RankDir } from './layout.js';
export { allBoxes, type PlotBox, type PlotCluster, type PlotEdge, type PlotGraph } from './plot-graph.js';
export type { BoxLabel } from './box-label.js';
