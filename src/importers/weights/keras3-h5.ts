import type { WeightArray } from '../../ir/define-layer.js';
import { ConfiguredLayer } from '../../ir/define-layer.js';
import { Functional } from '../../ir/functional.js';
import type { Layer } from '../../ir/layer.js';
import { toSnakeCase } from '../../ir/naming.js';
import type { LayerOutput } from '../../ir/tensor.js';
import type { H5File } from '../h5/h5-file.js';
import { weightArrayReader } from './arrays.js';
import { assignLayerWeights, type AssignContext } from './assign.js';

type AnyLayer = Layer<LayerOutput>;

/** The arrays under `<path>/vars`, in their numeric order (`10` after `9`). */
function ownVars(file: H5File, path: string, context: AssignContext): WeightArray[] {
  const vars = `${path}/vars`;
  if (!file.isGroup(vars)) return [];
  return file
    .keys(vars)
    .sort((a, b) => Number(a) - Number(b))
    .map((key) => weightArrayReader(context.readLater)(file, `${vars}/${key}`));
}

/**
 * One layer's variables, found where Keras 3 saved them: a model's under its own `layers/` container,
 * a wrapper's under the attribute of each wrapped layer or model (`layer`, `forward_layer`, ...), any
 * other layer's in its `vars`, after those of its stateful parts (`cell`).
 */
function loadLayer(layer: AnyLayer, path: string, file: H5File, context: AssignContext, visited: Set<AnyLayer>): void {
  if (visited.has(layer)) return;
  visited.add(layer);
  if (layer instanceof Functional) {
    loadContainer(layer.layers, `${path}/layers`, file, context, visited);
    return;
  }
  if (layer.weights.length === 0) return;
  const definition = layer instanceof ConfiguredLayer ? layer.definition : undefined;
  const children = definition?.savedChildren ?? [];
  const sublayers = layer instanceof ConfiguredLayer ? (definition?.sublayers?.(layer.config) ?? []) : [];
  if (sublayers.length > 0) {
    // Keras' wrappers own no variables of their own: everything is in the wrapped layers.
    sublayers.forEach((sub, i) => loadLayer(sub, `${path}/${children[i] ?? 'layer'}`, file, context, visited));
    return;
  }
  assignLayerWeights(layer, [...children.flatMap((child) => ownVars(file, `${path}/${child}`, context)), ...ownVars(file, path, context)], context);
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
    loadLayer(layer, `${path}/${count === undefined ? base : `${base}_${count + 1}`}`, file, context, visited);
  }
}

export function loadKeras3Weights(model: Functional, file: H5File, context: AssignContext): void {
  loadContainer(model.layers, 'layers', file, context, new Set());
}
