import { KerasBridgeError } from '../../ir/errors.js';
import type { Layer } from '../../ir/layer.js';
import { ELLIPSIS, slice } from '../../ir/op-args.js';
import { OperationLayer, type OperationDefinition, type TfOpSignature } from '../../ir/operation.js';
import type { LayerOutput } from '../../ir/tensor.js';
import { plainValue, type ConfigContext } from './layer-from-config.js';
import { isTensorRef, readNodeData, type CallData } from './node-data.js';
import { savedClassName, type SavedLayerEntry } from './saved-config.js';

/** The layer classes tf.keras 2 wrote for TF functions applied to symbolic tensors (keras-formats.md §4.8). */
const TF_OP_LAMBDAS = new Set(['TFOpLambda', 'SlicingOpLambda']);

const isTfOpLambda = (entry: SavedLayerEntry) => TF_OP_LAMBDAS.has(savedClassName(entry));

function savedName(entry: SavedLayerEntry): string | undefined {
  const name = entry.name ?? (entry.config as { name?: unknown }).name;
  return typeof name === 'string' ? name : undefined;
}

/**
 * Keras 3 writes operations (`x + y`, `x[:, 1:]`, `keras.ops.sum`) among the layers. A `.keras` or
 * `to_json()` entry says so by its `module`; a legacy H5 one drops the module, and then an op class
 * that is also a layer class (`Add`, `Concatenate`, `Reshape`, `Softmax`) is the op when its config
 * has no `trainable`, which every Keras layer writes and no op does.
 */
function operationClass(entry: SavedLayerEntry, context: ConfigContext): OperationDefinition<object> | undefined {
  const className = savedClassName(entry);
  const config = entry.config as Record<string, unknown>;
  if (typeof entry.module === 'string') {
    if (!entry.module.startsWith('keras.src.ops.')) return undefined;
    const definition = context.ops.get(className);
    if (definition) return definition;
    throw new KerasBridgeError(
      'UNKNOWN_LAYER_CLASS',
      `Unsupported operation '${className}' (${entry.module}) for '${savedName(entry)}'${context.file ? ` in ${context.file}` : ''}. ` +
        'kerasbridge knows the operations listed in OP_DEFINITIONS; rebuild the model with one of them or with a layer.',
      { layer: savedName(entry), file: context.file },
    );
  }
  const definition = context.ops.get(className);
  if (!definition || Array.isArray(config)) return undefined;
  return !context.registry.has(className) || !('trainable' in config) ? definition : undefined;
}

/** The op a tf.keras 2 `TFOpLambda` stands for, found by its TF function. */
function tfOperation(entry: SavedLayerEntry, context: ConfigContext): OperationDefinition<object> {
  const fn = (entry.config as { function?: unknown }).function;
  const definition = [...context.ops.values()].find((d) => typeof fn === 'string' && d.tf?.functions.includes(fn));
  if (definition) return definition;
  throw new KerasBridgeError(
    'UNKNOWN_LAYER_CLASS',
    `Unsupported TF function 'tf.${String(fn)}' in ${savedClassName(entry)} layer '${savedName(entry)}'${context.file ? ` in ${context.file}` : ''}. ` +
      'kerasbridge maps the common tf.math, tf.nn and array functions onto Keras operations; rebuild the model with keras.ops or layers instead.',
    { layer: savedName(entry), file: context.file },
  );
}

/** tf.keras 2 wrote slices in a `slice_spec` as `{start, stop, step}` and `...` as `{class_name: '__ellipsis__'}`. */
function keras3Value(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(keras3Value);
  if (value === null || typeof value !== 'object' || isTensorRef(value)) return value;
  const object = value as Record<string, unknown>;
  if (object.class_name === '__ellipsis__') return ELLIPSIS;
  if ('start' in object && 'stop' in object && 'step' in object) return slice(object.start as number | null, object.stop as number | null, object.step as number | null);
  return value;
}

/** A TF call (first argument, then the others by parameter name) as the Keras operation's positional arguments. */
function opCall(tf: TfOpSignature, call: CallData): CallData {
  const named: Record<string, unknown> = { ...call.kwargs, [tf.args[0]!]: call.args[0] };
  return { args: tf.args.map((p) => keras3Value(named[p])), kwargs: {} };
}

/** The op's config from a TF call's keyword arguments; they must be the same in every call of the layer. */
function opConfig(tf: TfOpSignature, calls: readonly CallData[], layerName: string): Record<string, unknown> {
  const configOf = (call: CallData) =>
    Object.fromEntries(
      Object.entries(tf.config ?? {}).flatMap(([key, param]) => {
        const value = call.kwargs[param] ?? tf.defaults?.[param];
        if (isTensorRef(value)) {
          throw new KerasBridgeError('UNKNOWN_LAYER_CLASS', `Layer '${layerName}' passes a tensor as \`${param}\`; kerasbridge supports only constant values there.`, { layer: layerName });
        }
        return value === undefined || value === null ? [] : [[key, value]];
      }),
    );
  const [first, ...rest] = calls.map(configOf);
  if (rest.some((c) => JSON.stringify(c) !== JSON.stringify(first))) {
    throw new KerasBridgeError('UNKNOWN_LAYER_CLASS', `Layer '${layerName}' is called with different options in its calls; kerasbridge keeps one config per operation.`, { layer: layerName });
  }
  return first ?? {};
}

function tfCalls(entry: SavedLayerEntry, name: string): CallData[] {
  return (entry.inbound_nodes ?? []).map((node) => readNodeData(node, name, { opLambda: true }));
}

/** The operation a saved entry describes, or undefined for a layer entry. */
export function operationFromConfig(entry: SavedLayerEntry, context: ConfigContext): OperationLayer<object> | undefined {
  const name = savedName(entry);
  if (isTfOpLambda(entry)) {
    const definition = tfOperation(entry, context);
    return OperationLayer.create(definition, opConfig(definition.tf!, tfCalls(entry, name ?? ''), name ?? ''), name);
  }
  const definition = operationClass(entry, context);
  if (!definition) return undefined;
  const saved = plainValue(entry.config) as Record<string, unknown>;
  const config = Object.fromEntries(Object.entries(saved).filter(([k, v]) => k in definition.defaults && v !== undefined));
  return OperationLayer.create(definition, config, name);
}

/** The calls of a saved entry, for a tf.keras op layer rewritten as calls of its Keras operation. */
export function savedCalls(entry: SavedLayerEntry, layer: Layer<LayerOutput>, name: string): CallData[] {
  if (layer instanceof OperationLayer && isTfOpLambda(entry)) return tfCalls(entry, name).map((call) => opCall(layer.definition.tf!, call));
  return (entry.inbound_nodes ?? []).map((node) => readNodeData(node, name));
}
