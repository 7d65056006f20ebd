import type { LegacyClass } from '../../ir/define-layer.js';
import type { Functional } from '../../ir/functional.js';
import { KerasBridgeError } from '../../ir/errors.js';
import { BUILTIN_LAYERS, LEGACY_CLASSES, createRegistry, type LayerRegistry } from '../../layers/index.js';
import type { LayerDefinition } from '../../ir/define-layer.js';
import { createOpRegistry } from '../../ops/index.js';
import { imageDataFormatOf } from './layer-from-config.js';
import { modelFromConfig } from './model-from-config.js';
import { isLayerEntry, type SavedLayerEntry } from './saved-config.js';

export interface ModelConfigOptions {
  /** Major version of the Keras that wrote the config (from the file's `keras_version`). */
  kerasMajor: 1 | 2 | 3;
  backend?: string;
  file?: string;
  /** Definitions of custom layer classes the file uses; they win over built-ins of the same name. */
  customLayers?: readonly LayerDefinition<object>[];
}

/** Rebuilds the model a saved `model_config` / `to_json()` / `modelTopology` describes. */
export function modelFromSavedConfig(config: unknown, options: ModelConfigOptions): Functional {
  // Keras 1 and early Keras 2 saved a Sequential model as a bare list of layer entries.
  const entry: SavedLayerEntry | undefined = Array.isArray(config) ? { class_name: 'Sequential', config: config as SavedLayerEntry[] } : isLayerEntry(config) ? config : undefined;
  if (!entry) {
    throw new KerasBridgeError('CORRUPT_FILE', `The model config${options.file ? ` in ${options.file}` : ''} is not a Keras model config: expected { "class_name": ..., "config": ... }.`, { file: options.file });
  }
  const registry: LayerRegistry = createRegistry(BUILTIN_LAYERS, options.customLayers ?? []);
  const legacyClasses = new Map<string, LegacyClass>(LEGACY_CLASSES.map((c) => [c.className, c]));
  return modelFromConfig(entry, {
    registry,
    ops: createOpRegistry(),
    legacyClasses,
    kerasMajor: options.kerasMajor,
    backend: options.backend,
    file: options.file,
    imageDataFormat: imageDataFormatOf(config),
  });
}
