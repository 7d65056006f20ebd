import { ConfiguredLayer } from '../ir/define-layer.js';
import { Layer } from '../ir/layer.js';

/**
 * Config values as code writes them. Saved configs wrap Keras objects (initializers, regularizers,
 * optimizers) in serialization records: `module`, `registered_name` and `shared_object_id` say where
 * Python finds the class and which objects were one, not what the object is, and the builder API's
 * types have no room for them. A built-in initializer with its default arguments is the identifier
 * Keras itself accepts for it (`GlorotUniform()` is `'glorot_uniform'`).
 */
const SERIALIZATION_KEYS = new Set(['module', 'registered_name', 'shared_object_id']);

/** Identifier, class and the arguments it stands for; Keras 2 wrote some as VarianceScaling records. */
const INITIALIZER_IDENTIFIERS: readonly (readonly [string, string, Readonly<Record<string, unknown>>])[] = [
  ['zeros', 'Zeros', {}],
  ['ones', 'Ones', {}],
  ['glorot_uniform', 'GlorotUniform', {}],
  ['glorot_uniform', 'VarianceScaling', { scale: 1, mode: 'fan_avg', distribution: 'uniform' }],
  ['glorot_normal', 'GlorotNormal', {}],
  ['he_uniform', 'HeUniform', {}],
  ['he_normal', 'HeNormal', {}],
  ['lecun_uniform', 'LecunUniform', {}],
  ['lecun_normal', 'LecunNormal', {}],
  ['orthogonal', 'Orthogonal', { gain: 1 }],
  // Keras' own spelling in Embedding's default; the same initializer as 'random_uniform'.
  ['uniform', 'RandomUniform', { minval: -0.05, maxval: 0.05 }],
  ['random_normal', 'RandomNormal', { mean: 0, stddev: 0.05 }],
  ['truncated_normal', 'TruncatedNormal', { mean: 0, stddev: 0.05 }],
];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function isKerasObject(value: Record<string, unknown>): boolean {
  return typeof value.class_name === 'string';
}

/** The identifier of a Keras object holding exactly an identifier's arguments, the others unset. */
function identifierOf(className: string, config: Record<string, unknown>): string | undefined {
  const row = INITIALIZER_IDENTIFIERS.find(
    ([, name, args]) =>
      name === className &&
      Object.keys(args).every((key) => key in config && sameValue(config[key], args[key])) &&
      Object.entries(config).every(([key, value]) => key in args || value === null),
  );
  return row?.[0];
}

/** A config value in the form generated code writes (see above); layers and tensors are kept as they are. */
export function canonicalValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonicalValue);
  if (!isPlainObject(value)) return value;
  const entries = Object.entries(value).filter(([key, v]) => v !== undefined && !(isKerasObject(value) && SERIALIZATION_KEYS.has(key)));
  const object = Object.fromEntries(entries.map(([key, v]) => [key, canonicalValue(v)]));
  if (!isKerasObject(object)) return object;
  const config = isPlainObject(object.config) ? object.config : {};
  return identifierOf(object.class_name as string, config) ?? object;
}

/**
 * Whether two config values mean the same: equal once canonical, and a layer equal to another of the
 * same class, name and options (Bidirectional's backward layer is rebuilt from its forward one).
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Layer || b instanceof Layer) return sameLayer(a, b);
  const x = canonicalValue(a);
  const y = canonicalValue(b);
  if (Array.isArray(x) || Array.isArray(y)) {
    return Array.isArray(x) && Array.isArray(y) && x.length === y.length && x.every((v, i) => sameValue(v, y[i]));
  }
  if (isPlainObject(x) && isPlainObject(y)) {
    const keys = Object.keys(x);
    return keys.length === Object.keys(y).length && keys.every((k) => k in y && sameValue(x[k], y[k]));
  }
  return x === y || (Number.isNaN(x) && Number.isNaN(y));
}

function sameLayer(a: unknown, b: unknown): boolean {
  if (!(a instanceof ConfiguredLayer) || !(b instanceof ConfiguredLayer)) return false;
  const same = (key: 'className' | 'name' | 'trainable' | 'dtype') => a[key] === b[key];
  return same('className') && same('name') && same('trainable') && same('dtype') && sameValue(a.config, b.config);
}
