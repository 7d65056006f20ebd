import type { WeightArray } from '../../ir/define-layer.js';
import { ConfiguredLayer } from '../../ir/define-layer.js';
import { Functional } from '../../ir/functional.js';
import type { Layer } from '../../ir/layer.js';
import { toSnakeCase } from '../../ir/naming.js';
import type { LayerOutput } from '../../ir/tensor.js';
import type { H5File } from '../h5/h5-file.js';
import { readWeightArray } from './arrays.js';
import { assignLayerWeights, type AssignContext } from './assign.js';

type AnyLayer = Layer<LayerOutput>;

/** The arrays under `<path>/vars`, in their numeric order (`10` after `9`). */
function ownVars(file: H5File, path: string): WeightArray[] {
  const vars = `${path}/vars`;
  if (!file.isGroup(vars)) return [];
  return file
    .keys(vars)
    .sort((a, b) => Number(a) - Number(b))
    .map((key) => readWeightArray(file, `${vars}/${key}`));
}

/**
 * A layer's arrays in the order of its `weights`: wrapped layers first (in the attributes Keras
 * stores them under), then the layer's own `vars`.
 */
function layerArrays(layer: AnyLayer, path: string, file: H5File, visited: Set<AnyLayer>): WeightArray[] {
  if (layer instanceof Functional) return [];
  if (!(layer instanceof ConfiguredLayer)) return ownVars(file, path);
  const { definition, config } = layer;
  const sublayers = definition.sublayers?.(config) ?? [];
  const children = definition.savedChildren ?? [];
  if (sublayers.length === 0) {
    return [...children.flatMap((child) => ownVars(file, `${path}/${child}`)), ...ownVars(file, path)];
  }
  return [...sublayers.flatMap((sub, i) => layerArrays(sub, `${path}/${children[i] ?? 'layer'}`, file, visited)), ...ownVars(file, path)];
}

/**
 * Keras 3's weights layout (`model.weights.h5`, inside `.keras` too): each container lists its layers
 * under `layers/<snake_case class name>` made unique by counting (`dense`, `dense_1`, ...), in
 * `model.layers` order, so the layer names of the config play no part. A layer already saved through
 * another path is not saved again.
 */
function loadContainer(layers: readonly AnyLayer[], path: string, file: H5File, context: AssignContext, visited: Set<AnyLayer>): void {
  const used = new Map<string, number>();
  for (const layer of layers) {
    const base = toSnakeCase(layer.className);
    const count = used.get(base);
    used.set(base, count === undefined ? 0 : count + 1);
    const layerPath = `${path}/${count === undefined ? base : `${base}_${count + 1}`}`;
    if (visited.has(layer)) continue;
    visited.add(layer);
    if (layer instanceof Functional) {
      loadContainer(layer.layers, `${layerPath}/layers`, file, context, visited);
      continue;
    }
    if (layer.weights.length === 0) continue;
    assignLayerWeights(layer, layerArrays(layer, layerPath, file, visited), context);
  }
}

export function loadKeras3Weights(model: Functional, file: H5File, context: AssignContext): void {
  loadContainer(model.layers, 'layers', file, context, new Set());
}
