import { KerasBridgeError } from '../../ir/errors.js';
import type { Functional } from '../../ir/functional.js';
import type { H5File } from '../h5/h5-file.js';
import { weightArrayReader } from './arrays.js';
import { assignLayerWeights, weightedLayers, type AssignContext } from './assign.js';

/**
 * Keras' legacy H5 weights (`model_weights/` of a full-model file, or the root of a `save_weights`
 * file): one group per layer with a `weight_names` list. Keras pairs the weighted layers of the model
 * with the groups that hold weights by position; when every layer's name has a group, names are used,
 * which also survives a model whose layer order differs from the saving program's.
 */
export function loadLegacyH5Weights(model: Functional, file: H5File, groupPath: string, context: AssignContext): void {
  const groups = file
    .readListAttr(groupPath, 'layer_names')
    .map((name) => ({ name, weightNames: file.readListAttr(`${groupPath}/${name}`, 'weight_names') }))
    .filter((g) => g.weightNames.length > 0);
  const layers = weightedLayers(model.layers);
  const byName = new Map(groups.map((g) => [g.name, g]));
  const pairs = layers.every((l) => byName.has(l.name)) ? layers.map((l) => [l, byName.get(l.name)!] as const) : layers.map((l, i) => [l, groups[i]] as const);
  if (groups.length !== layers.length || pairs.some(([, g]) => !g)) {
    throw new KerasBridgeError(
      'WEIGHTS_MISMATCH',
      `${file.fileName} holds weights for ${groups.length} layer(s) (${groups.map((g) => g.name).join(', ') || 'none'}) but the model has ` +
        `${layers.length} layer(s) with weights (${layers.map((l) => l.name).join(', ') || 'none'}). The weights file does not belong to this model.`,
      { file: file.fileName },
    );
  }
  const readArray = weightArrayReader(context.readLater);
  for (const [layer, group] of pairs) {
    const arrays = group!.weightNames.map((w) => readArray(file, `${groupPath}/${group!.name}/${w}`, w));
    assignLayerWeights(layer, arrays, context);
  }
}
