import type { ConfiguredLayer, LayerDefinition } from '../ir/define-layer.js';
import type { InputLayer } from '../ir/input-layer.js';
import type { OperationLayer } from '../ir/operation.js';
import type { LayerOutput } from '../ir/tensor.js';
import { canonicalValue, sameValue } from './config-values.js';

/** A constructor call as Keras writes it: leading positional arguments, then keyword options. */
export interface ConstructorArguments {
  readonly positional: readonly unknown[];
  readonly options: readonly (readonly [string, unknown])[];
}

type Config = Record<string, unknown>;

function normalized(definition: LayerDefinition<object>, config: Config): Config | undefined {
  try {
    return (definition.normalize?.({ ...config }) ?? config) as Config;
  } catch {
    return undefined;
  }
}

/**
 * The options a layer's call must write: those that differ from its class's defaults. Defaults are
 * compared after the class normalizes them (`strides: 1` is `[1, 1]`), and the call is checked to
 * rebuild the config, since normalizing can tie options together.
 */
function changedOptions(definition: LayerDefinition<object>, config: Config): Set<string> {
  const defaults = definition.defaults as Config;
  const required: readonly string[] = definition.required ?? [];
  const given = (keys: Iterable<string>) => ({ ...defaults, ...Object.fromEntries([...keys].map((k) => [k, config[k]])) });
  const baseline = normalized(definition, given(required));
  const changed = new Set(Object.keys(config).filter((key) => required.includes(key) || !sameValue(config[key], baseline?.[key])));
  const rebuilt = normalized(definition, given(changed));
  for (const key of Object.keys(config)) if (!rebuilt || !sameValue(config[key], rebuilt[key])) changed.add(key);
  return changed;
}

/** `trainable`, `dtype` and `name`, written where they are not Keras' defaults (the name always). */
function baseOptions(layer: ConfiguredLayer<object, LayerOutput>): [string, unknown][] {
  return [
    ...(layer.trainable ? [] : [['trainable', false] as [string, unknown]]),
    ...(layer.dtype !== 'float32' ? [['dtype', layer.dtype] as [string, unknown]] : []),
    ['name', layer.name],
  ];
}

/** A layer's constructor call: Keras' positional options up to the first one left at its default, then the others. */
export function layerArguments(layer: ConfiguredLayer<object, LayerOutput>): ConstructorArguments {
  const config = layer.config as Config;
  const changed = changedOptions(layer.definition, config);
  const positional: unknown[] = [];
  for (const key of layer.definition.positional) {
    if (!changed.has(key)) break;
    positional.push(canonicalValue(config[key]));
    changed.delete(key);
  }
  const own = Object.keys(config).filter((key) => changed.has(key)).map((key) => [key, canonicalValue(config[key])] as [string, unknown]);
  return { positional, options: [...own, ...baseOptions(layer)] };
}

/** An operation's options: its config where it differs from the defaults, and the node's name. */
export function operationOptions(op: OperationLayer<object>): ConstructorArguments['options'] {
  const config = op.config as Config;
  const defaults = op.definition.defaults as Config;
  const own = Object.keys(config).filter((key) => !sameValue(config[key], defaults[key])).map((key) => [key, canonicalValue(config[key])] as [string, unknown]);
  return [...own, ['name', op.name]];
}

/** `Input()`'s options: the per-sample shape when the batch size is free, as Keras code writes it. */
export function inputOptions(input: InputLayer): ConstructorArguments['options'] {
  const [batch, ...shape] = input.batchShape;
  return [
    batch === null ? ['shape', shape] : ['batch_shape', input.batchShape],
    ...(input.dtype !== 'float32' ? [['dtype', input.dtype] as [string, unknown]] : []),
    ...(input.sparse ? [['sparse', true] as [string, unknown]] : []),
    ['name', input.name],
  ];
}
