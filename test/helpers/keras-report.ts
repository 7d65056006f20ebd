// Reads what fixtures/generate.py recorded from real Keras, and builds the same report from our IR
// so that a test compares like with like.
import { readFileSync } from 'node:fs';
import type { Functional, Layer, LayerOutput, Shape, SymbolicTensor } from 'kerasbridge';

export interface NodeReport {
  inputs?: Shape[];
  outputs: Shape[];
}
export interface LayerReport {
  name: string;
  className: string;
  params: number;
  trainableParams: number;
  weights: { path: string; shape: number[]; trainable: boolean }[];
  inSequential: boolean;
  nodes: NodeReport[];
}
export interface ModelReport {
  name: string;
  className: string;
  params: number;
  trainableParams: number;
  nonTrainableParams: number;
  inputs: { shape: Shape; dtype: string }[];
  outputs: { shape: Shape; dtype: string }[];
  inputNames: string[];
  outputNames: string[];
  layers: LayerReport[];
  nodes: NodeReport[];
  summary: string;
}
export interface KerasReport {
  keras: string;
  tensors: Record<string, { shape: Shape; dtype: string }>;
  models: Record<string, ModelReport>;
  layers: Record<string, LayerReport>;
  checks: Record<string, boolean>;
  compile: Record<string, Record<string, unknown>>;
}

export function readSeedFixture(name: string): KerasReport {
  return JSON.parse(readFileSync(new URL(`../../fixtures/seed/${name}.json`, import.meta.url), 'utf8')) as KerasReport;
}

const shapesOf = (tensors: readonly SymbolicTensor[]) => tensors.map((t) => [...t.shape]);

export function reportLayer(layer: Layer<LayerOutput>): Omit<LayerReport, 'inSequential'> {
  return {
    name: layer.name,
    className: layer.className,
    params: layer.built ? layer.countParams() : 0,
    trainableParams: layer.trainableWeights.reduce((s, w) => s + w.size, 0),
    weights: layer.weights.map((w) => ({ path: w.path, shape: [...w.shape], trainable: w.trainable })),
    nodes: layer.inboundNodes.map((n) => ({ inputs: shapesOf(n.inputTensors), outputs: shapesOf(n.outputTensors) })),
  };
}

export function reportModel(model: Functional): Omit<ModelReport, 'layers' | 'summary'> {
  const trainable = new Set(model.trainableWeights);
  return {
    name: model.name,
    className: model.className,
    params: model.countParams(),
    trainableParams: [...trainable].reduce((s, w) => s + w.size, 0),
    nonTrainableParams: model.nonTrainableWeights.reduce((s, w) => s + w.size, 0),
    inputs: model.inputs.map((t) => ({ shape: [...t.shape], dtype: t.dtype })),
    outputs: model.outputs.map((t) => ({ shape: [...t.shape], dtype: t.dtype })),
    inputNames: model.inputNames,
    outputNames: model.outputNames,
    nodes: model.inboundNodes.map((n) => ({ outputs: shapesOf(n.outputTensors) })),
  };
}

/**
 * Keras 3 names a model `functional_N` after counting the graphs it builds internally (one per
 * `Sequential.add`), an artefact we do not copy; model names are compared with the number masked.
 */
export function maskModelNames(text: string): string {
  return text.replace(/\bfunctional(_\d+)?\b/g, 'functional_#');
}

/** The distinct node shapes of a layer: all that is meaningful for layers inside a Keras 3 Sequential. */
export function distinctNodeShapes(nodes: readonly NodeReport[]): string[] {
  return [...new Set(nodes.map((n) => JSON.stringify(n)))].sort();
}

/**
 * A summary table as data: one array of cells per row (wrapped lines joined), then the totals.
 * Model names are masked (see maskModelNames), so the layout is compared cell by cell.
 */
export function summaryRows(text: string): string[][] {
  const rows: string[][] = [];
  let current: string[] | undefined;
  for (const line of text.split('\n').slice(1)) {
    if (/^[┏┡├└]/.test(line)) {
      current = undefined;
    } else if (/^[│┃]/.test(line)) {
      const cells = line.split(/[│┃]/).slice(1, -1).map((c) => c.trim());
      if (current) current.forEach((c, i) => (current![i] = [c, cells[i]].filter(Boolean).join(' ')));
      else rows.push((current = cells));
    } else if (line.trim()) {
      rows.push([line.trim()]);
    }
  }
  return rows.map((row) => row.map(maskModelNames));
}
