import type { LayerDefinition, LegacyClass } from '../ir/define-layer.js';
import { KerasBridgeError } from '../ir/errors.js';
import { Activation } from './activation.js';
import { Conv1D, Conv2D, Conv3D } from './conv.js';
import { Dense } from './dense.js';
import { Dropout } from './dropout.js';
import { Embedding } from './embedding.js';
import { Add, Average, Concatenate, Maximum, Minimum, Multiply, Subtract } from './merge.js';
import { BatchNormalization, LayerNormalization } from './normalization.js';
import {
  AveragePooling1D, AveragePooling2D, AveragePooling3D, GlobalAveragePooling1D, GlobalAveragePooling2D,
  GlobalAveragePooling3D, GlobalMaxPooling1D, GlobalMaxPooling2D, GlobalMaxPooling3D, MaxPooling1D,
  MaxPooling2D, MaxPooling3D,
} from './pooling.js';
import { Flatten, Permute, RepeatVector, Reshape } from './reshaping.js';
import { GRU, LSTM, SimpleRNN } from './rnn.js';
import { TimeDistributed } from './wrappers.js';

export * from './activation.js';
export * from './conv.js';
export * from './dense.js';
export * from './dropout.js';
export * from './embedding.js';
export * from './merge.js';
export * from './normalization.js';
export * from './pooling.js';
export * from './reshaping.js';
export * from './rnn.js';
export * from './wrappers.js';

/** Every layer class kerasbridge knows, by factory; the registry is built from this list alone. */
export const BUILTIN_LAYERS = [
  Activation, Add, Average, AveragePooling1D, AveragePooling2D, AveragePooling3D, BatchNormalization,
  Concatenate, Conv1D, Conv2D, Conv3D, Dense, Dropout, Embedding, Flatten, GlobalAveragePooling1D,
  GlobalAveragePooling2D, GlobalAveragePooling3D, GlobalMaxPooling1D, GlobalMaxPooling2D, GlobalMaxPooling3D,
  GRU, LayerNormalization, LSTM, Maximum, MaxPooling1D, MaxPooling2D, MaxPooling3D, Minimum, Multiply,
  Permute, RepeatVector, Reshape, SimpleRNN, Subtract, TimeDistributed,
].map((factory) => factory.definition as LayerDefinition<object>);

/** Class names of older Keras that map onto current classes; filled by each family's file. */
export const LEGACY_CLASSES: readonly LegacyClass[] = [];

export type LayerRegistry = ReadonlyMap<string, LayerDefinition<object>>;

/** Class name to definition; user layers override built-ins, a class listed twice is an error. */
export function createRegistry(
  builtins: readonly LayerDefinition<object>[] = BUILTIN_LAYERS,
  userLayers: readonly LayerDefinition<object>[] = [],
): LayerRegistry {
  const registry = new Map<string, LayerDefinition<object>>();
  for (const definition of builtins) {
    if (registry.has(definition.className)) {
      throw new KerasBridgeError('DUPLICATE_NAME', `Layer class '${definition.className}' is registered twice among the built-in layers.`);
    }
    registry.set(definition.className, definition);
  }
  const seen = new Set<string>();
  for (const definition of userLayers) {
    if (seen.has(definition.className)) {
      throw new KerasBridgeError('DUPLICATE_NAME', `Custom layer class '${definition.className}' is registered twice; register each class once.`);
    }
    seen.add(definition.className);
    registry.set(definition.className, definition);
  }
  return registry;
}
