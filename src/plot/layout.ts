import dagre from '@dagrejs/dagre';
import { boxGeometry, type BoxGeometry } from './box-geometry.js';
import { textWidth } from './text-width.js';
import type { PlotBox, PlotCluster, PlotEdge, PlotGraph } from './plot-graph.js';

/** Graphviz's `rankdir`, which Keras passes on: the direction the graph flows in. */
export type RankDir = 'TB' | 'LR' | 'BT' | 'RL';
export const RANKDIRS: readonly RankDir[] = ['TB', 'LR', 'BT', 'RL'];

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** A rectangle by its top-left corner. */
export interface Rect extends Point {
  readonly width: number;
  readonly height: number;
}

export interface PlacedBox extends Rect {
  readonly box: PlotBox;
  readonly geometry: BoxGeometry;
}

export interface PlacedCluster extends Rect {
  readonly cluster: PlotCluster;
}

export interface PlacedEdge {
  readonly edge: PlotEdge;
  readonly points: readonly Point[];
}

export interface PlotLayout {
  readonly width: number;
  readonly height: number;
  readonly boxes: readonly PlacedBox[];
  /** Outer clusters first, so that inner ones are drawn over them. */
  readonly clusters: readonly PlacedCluster[];
  readonly edges: readonly PlacedEdge[];
}

export const CLUSTER_FONT_SIZE = 12;

interface NodeData {
  width: number;
  height: number;
  x?: number;
  y?: number;
}

/** Places the boxes with dagre's layered (Sugiyama) layout; clusters are dagre's compound nodes. */
export function layoutPlot(graph: PlotGraph, rankdir: RankDir): PlotLayout {
  const g = new dagre.graphlib.Graph<Record<string, unknown>, NodeData, { points?: Point[] }>({ compound: true });
  // The tight-tree ranker skips network simplex's refinement: on the eleven keras.applications models it
  // gives the same drawings but NASNetMobile's (narrower), and lays out NASNetMobile's 771 boxes in half the time.
  g.setGraph({ rankdir, ranker: 'tight-tree', nodesep: 24, ranksep: 44, edgesep: 12, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));

  const geometries = new Map<PlotBox, BoxGeometry>();
  const clusters: PlotCluster[] = [];
  const addBoxes = (boxes: readonly PlotBox[], parent?: string) => {
    for (const box of boxes) {
      const geometry = boxGeometry(box.label);
      geometries.set(box, geometry);
      g.setNode(box.id, { width: geometry.width, height: geometry.height });
      if (parent) g.setParent(box.id, parent);
    }
  };
  const addClusters = (nested: readonly PlotCluster[], parent?: string) => {
    for (const cluster of nested) {
      clusters.push(cluster);
      // dagre sizes a cluster from its children; this size only holds for one left empty.
      g.setNode(cluster.id, { width: textWidth(cluster.name, CLUSTER_FONT_SIZE) + 16, height: 2 * CLUSTER_FONT_SIZE });
      if (parent) g.setParent(cluster.id, parent);
      addBoxes(cluster.boxes, cluster.id);
      addClusters(cluster.clusters, cluster.id);
    }
  };
  addBoxes(graph.boxes);
  addClusters(graph.clusters);
  for (const edge of graph.edges) g.setEdge(edge.from, edge.to);

  dagre.layout(g);

  const rect = (id: string): Rect => {
    const { x, y, width, height } = g.node(id);
    return { x: x! - width / 2, y: y! - height / 2, width, height };
  };
  const size = g.graph() as { width: number; height: number };
  return {
    width: Math.ceil(size.width),
    height: Math.ceil(size.height),
    boxes: [...geometries].map(([box, geometry]) => ({ box, geometry, ...rect(box.id) })),
    clusters: clusters.map((cluster) => ({ cluster, ...rect(cluster.id) })),
    edges: graph.edges.map((edge) => ({ edge, points: g.edge(edge.from, edge.to).points ?? [] })),
  };
}
