/**
 * The shapes of saved Keras configs, as Keras 1, 2, 3, tf.keras and TF.js write them. Only what the
 * importer reads is typed; everything else passes through as data.
 */

/** `[layer_name, node_index, tensor_index]`, optionally followed by call kwargs (Keras 2). */
export type SavedTensorRef = [string, number, number] | [string, number, number, Record<string, unknown>];

/** One call of a layer in a saved functional config: the Keras 1/2 list form or Keras 3's `{ args, kwargs }`. */
export type SavedNodeData = SavedTensorRef[] | { args?: unknown[]; kwargs?: Record<string, unknown> };

export interface SavedLayerEntry {
  class_name: string;
  config: Record<string, unknown> | SavedLayerEntry[];
  /** Functional configs repeat the layer name next to its config. */
  name?: string;
  inbound_nodes?: SavedNodeData[];
  module?: string | null;
  registered_name?: string | null;
}

export function isLayerEntry(value: unknown): value is SavedLayerEntry {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    typeof (value as { class_name?: unknown }).class_name === 'string' &&
    'config' in value
  );
}

/** Class names under which a saved entry is itself a model (nested models, wrapped models). */
export const MODEL_CLASS_NAMES = new Set(['Functional', 'Model', 'Sequential']);

/**
 * Keras 3 writes a registered custom class as `"my_pkg>Scale"` in H5 configs and as
 * `registered_name` in `.keras` ones: the class to look up is the part after `>`.
 */
export function savedClassName(entry: SavedLayerEntry): string {
  const name = entry.registered_name && entry.registered_name.includes('>') ? entry.registered_name : entry.class_name;
  return name.slice(name.indexOf('>') + 1);
}
