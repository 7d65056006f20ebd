import { ConfiguredLayer, type LayerDefinition, type LegacyClass, type UpgradeContext } from '../../ir/define-layer.js';
import { KerasBridgeError } from '../../ir/errors.js';
import type { BaseLayerOptions, Layer } from '../../ir/layer.js';
import type { DType, Shape } from '../../ir/shape.js';
import type { LayerOutput } from '../../ir/tensor.js';
import type { LayerRegistry } from '../../layers/index.js';
import type { OpRegistry } from '../../ops/index.js';
import { operationFromConfig } from './operation-from-config.js';
import { isLayerEntry, savedClassName, type SavedLayerEntry } from './saved-config.js';

/** What building layers from a saved config needs to know, and to say in its errors. */
export interface ConfigContext {
  readonly registry: LayerRegistry;
  /** Operation classes (`x + y`, `keras.ops.sum`) that functional configs list among their layers. */
  readonly ops: OpRegistry;
  readonly legacyClasses: ReadonlyMap<string, LegacyClass>;
  readonly kerasMajor: 1 | 2 | 3;
  readonly backend?: string;
  /** The file the config came from, for error messages. */
  readonly file?: string;
  /**
   * The channel order a Keras 1 image layer without `dim_ordering` used: keras.json's, which the file
   * does not record (see `imageDataFormatOf`).
   */
  readonly imageDataFormat: 'channels_first' | 'channels_last';
  /** Builds a nested model entry (supplied by the model deserializer, which owns that logic). */
  readonly buildModel: (entry: SavedLayerEntry, context: ConfigContext) => Layer<LayerOutput>;
}

const DTYPES = new Set<string>(['float16', 'bfloat16', 'float32', 'float64', 'int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64', 'bool', 'string']);

/**
 * A saved dtype: a name, a Keras 3 `DTypePolicy` or a Keras 2 `Policy` object. Mixed-precision
 * policies keep their variables in float32, which is what the IR records.
 */
export function readDType(value: unknown): DType | undefined {
  const name = typeof value === 'string' ? value : (value as { config?: { name?: unknown } } | null)?.config?.name;
  if (typeof name !== 'string') return undefined;
  if (name.startsWith('mixed_')) return 'float32';
  return DTYPES.has(name) ? (name as DType) : undefined;
}

/** Keras 3 writes tuples inside configs as `{ class_name: '__tuple__', config: { value } }`. */
export function plainValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plainValue);
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  if (object.class_name === '__tuple__') return plainValue((object.config as { value?: unknown })?.value);
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, plainValue(v)]));
}

function baseOptions(config: Record<string, unknown>): BaseLayerOptions {
  const batchShape = (config.batch_input_shape ?? config.batch_shape) as Shape | undefined;
  return {
    name: typeof config.name === 'string' ? config.name : undefined,
    trainable: typeof config.trainable === 'boolean' ? config.trainable : undefined,
    dtype: readDType(config.dtype),
    ...(Array.isArray(batchShape) ? { batch_input_shape: batchShape } : {}),
  };
}

const ORDERINGS: Record<string, 'channels_first' | 'channels_last'> = { th: 'channels_first', tf: 'channels_last' };

/** Keras 1's `dim_ordering` on any layer with a `data_format`, including those its family's upgrade does not know. */
function legacyDataFormat(config: Record<string, unknown>, definition: LayerDefinition<object>, context: ConfigContext): Record<string, unknown> {
  if (!('data_format' in definition.defaults) || 'data_format' in config) return config;
  const ordering = config.dim_ordering;
  const implied = ordering === 'default' || (ordering === undefined && context.kerasMajor === 1);
  const format = typeof ordering === 'string' && ordering in ORDERINGS ? ORDERINGS[ordering] : implied ? context.imageDataFormat : undefined;
  if (!format) return config;
  const { dim_ordering: _ordering, ...rest } = config;
  return { ...rest, data_format: format };
}

/**
 * The image_dim_ordering a Keras 1 config was written under: the one its layers name explicitly when
 * they agree, else Keras' default, channels_last.
 */
export function imageDataFormatOf(config: unknown): 'channels_first' | 'channels_last' {
  const named = new Set((JSON.stringify(config).match(/"dim_ordering":\s*"(th|tf)"/g) ?? []).map((m) => (m.includes('"th"') ? 'th' : 'tf')));
  return named.size === 1 && named.has('th') ? 'channels_first' : 'channels_last';
}

function where(entry: SavedLayerEntry, context: ConfigContext): string {
  const name = (entry.config as { name?: unknown })?.name ?? entry.name;
  return `layer '${String(name)}' (class '${entry.class_name}')${context.file ? ` in ${context.file}` : ''}`;
}

/** Resolves a saved class to its definition, through the legacy classes of older Keras. */
function resolveClass(entry: SavedLayerEntry, context: ConfigContext): { definition: LayerDefinition<object>; config: Record<string, unknown>; upgrade: UpgradeContext } {
  let className = savedClassName(entry);
  let config = plainValue(entry.config) as Record<string, unknown>;
  const upgrade: UpgradeContext = { kerasMajor: context.kerasMajor, backend: context.backend, savedClassName: className };
  const legacy = context.legacyClasses.get(className);
  if (legacy && !context.registry.has(className)) ({ className, config } = legacy.upgrade(config, upgrade));
  const definition = context.registry.get(className);
  if (definition) return { definition, config, upgrade };
  if (className === 'Lambda') {
    throw new KerasBridgeError(
      'UNSAFE_CONTENT',
      `Cannot import ${where(entry, context)}: a Lambda layer stores Python bytecode, which kerasbridge never runs. ` +
        'Rebuild the model with a built-in layer in its place, or register a layer definition of the same name that ' +
        'computes the same function (load(file, { customLayers: [...] })).',
      { layer: String(config.name ?? ''), file: context.file },
    );
  }
  throw new KerasBridgeError(
    'UNKNOWN_LAYER_CLASS',
    `Unknown layer class '${className}' for ${where(entry, context)}. If it is a custom layer, define it with ` +
      "layerFactory({ className: '" + className + "', ... }) and pass it as load(file, { customLayers: [MyLayer] }).",
    { layer: String(config.name ?? ''), file: context.file },
  );
}

/**
 * Builds one layer from its saved config: older Keras' names are upgraded, Keras' defaults fill what
 * the file leaves out, options the definition does not know are dropped, and wrapped layers or models
 * (TimeDistributed's `layer`, ...) are built recursively.
 */
export function layerFromConfig(entry: SavedLayerEntry, context: ConfigContext): Layer<LayerOutput> {
  if (['Functional', 'Model', 'Sequential'].includes(savedClassName(entry))) return context.buildModel(entry, context);
  const operation = operationFromConfig(entry, context);
  if (operation) return operation;
  const { definition, config: saved, upgrade } = resolveClass(entry, context);
  const ordered = legacyDataFormat(saved, definition, context);
  const upgraded = definition.upgradeConfig ? definition.upgradeConfig(ordered, upgrade) : ordered;
  const options: Record<string, unknown> = { ...(definition.defaults as Record<string, unknown>) };
  for (const [key, value] of Object.entries(upgraded)) {
    if (!(key in options) || value === undefined) continue;
    // An unset boolean written as null (TF.js does) reads as Python reads it: falsy.
    if (value === null && typeof options[key] === 'boolean') {
      options[key] = false;
      continue;
    }
    options[key] = definition.sublayers && isLayerEntry(value) ? layerFromConfig(value, context) : value;
  }
  try {
    return ConfiguredLayer.create(definition, options, baseOptions(upgraded));
  } catch (error) {
    if (error instanceof KerasBridgeError) {
      const message = error.layer ? `${error.message}${context.file ? ` (in ${context.file})` : ''}` : `Cannot import ${where(entry, context)}: ${error.message}`;
      throw new KerasBridgeError(error.code, message, { layer: error.layer, file: context.file, cause: error });
    }
    throw error;
  }
}
