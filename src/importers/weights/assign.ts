import { ConfiguredLayer, type UpgradeContext, type WeightArray } from '../../ir/define-layer.js';
import { KerasBridgeError } from '../../ir/errors.js';
import type { Layer } from '../../ir/layer.js';
import { formatShape } from '../../ir/shape.js';
import type { LayerOutput } from '../../ir/tensor.js';
import type { Weight } from '../../ir/weight.js';
import { assignArray, isLeftInFile } from './arrays.js';

export interface AssignContext {
  readonly kerasMajor: 1 | 2 | 3;
  readonly backend?: string;
  readonly file?: string;
  /** Leave weights in their file, read when first used (the file must then stay open while the model is used). */
  readonly readLater?: boolean;
}

/**
 * The order in which Keras stores a layer's arrays: its trainable weights, then the others
 * (`layer.trainable_weights + layer.non_trainable_weights` in Keras' H5 loaders). For a nested model
 * this interleaves its layers' variables, which is why it is recomputed and not read from names.
 */
export function savedWeightOrder(layer: Layer<LayerOutput>): Weight[] {
  return [...layer.trainableWeights, ...layer.nonTrainableWeights];
}

function describe(weights: readonly { shape: readonly number[]; name: string }[]): string {
  return weights.map((w) => `${w.name} ${formatShape(w.shape)}`).join(', ') || 'none';
}

/** Puts a layer's saved arrays into its variables, converting older Keras layouts first. */
export function assignLayerWeights(layer: Layer<LayerOutput>, arrays: WeightArray[], context: AssignContext): void {
  let values = arrays;
  if (layer instanceof ConfiguredLayer && layer.definition.upgradeWeights) {
    const upgrade: UpgradeContext = { kerasMajor: context.kerasMajor, backend: context.backend, savedClassName: layer.className };
    values = layer.definition.upgradeWeights(arrays, layer.config, upgrade);
  }
  const targets = savedWeightOrder(layer);
  const where = `layer '${layer.name}' (${layer.className})${context.file ? ` in ${context.file}` : ''}`;
  if (values.length !== targets.length) {
    throw new KerasBridgeError(
      'WEIGHTS_MISMATCH',
      `The file holds ${values.length} weight array(s) for ${where}, which has ${targets.length}: expected ${describe(targets)}, found ${describe(values)}. ` +
        'The weights file does not belong to this model config.',
      { layer: layer.name, file: context.file },
    );
  }
  targets.forEach((target, i) => {
    const value = values[i]!;
    const sameShape = value.shape.length === target.shape.length && value.shape.every((d, k) => d === target.shape[k]);
    if (!sameShape || (!isLeftInFile(value) && value.data.length !== target.size)) {
      throw new KerasBridgeError(
        'WEIGHTS_MISMATCH',
        `Weight ${i} of ${where} has shape ${formatShape(value.shape)} in the file, but the layer's ${target.name} needs ${formatShape(target.shape)}. ` +
          'The weights file does not belong to this model config.',
        { layer: layer.name, file: context.file },
      );
    }
    assignArray(target, value);
  });
}

/** The layers of a model that own variables, in model order: the units saved weights are grouped by. */
export function weightedLayers(layers: readonly Layer<LayerOutput>[]): Layer<LayerOutput>[] {
  return layers.filter((l) => l.weights.length > 0);
}
