import { KerasBridgeError } from '../ir/errors.js';
import { openH5, type H5File } from './h5/h5-file.js';
import { findsHdf5Signature } from './h5/signature.js';
import { parseKerasJson } from './json.js';
import { KERAS_ARCHIVE, listZipEntries } from './zip.js';

/** What a file holds, told by content (keras-formats.md §0); names and extensions are often wrong. */
export type KerasFormat =
  /** HDF5 with root attribute `model_config`: a full model from Keras 1, 2 or 3 `model.save("m.h5")`. */
  | 'keras-h5'
  /** HDF5 with `layer_names` and no config: Keras 1/2 `save_weights("w.h5")`. */
  | 'keras-h5-weights'
  /** HDF5 with root groups `layers/` and `vars/`: Keras 3 `*.weights.h5` (also inside `.keras`). */
  | 'keras3-weights-h5'
  /** HDF5 with `_layer_checkpoint_dependencies/`: tf.keras 2.13-2.15 "v3" weights. */
  | 'tf-keras-v3-weights'
  /** A zip holding `config.json`: Keras 3 `.keras`. */
  | 'keras-zip'
  /** JSON with `modelTopology` and `weightsManifest`: a TF.js layers model. */
  | 'tfjs-layers'
  /** JSON with `metadata` and `weight_map`: the index of Keras 3 sharded weights (`*.weights.json`). */
  | 'keras3-sharded-weights-index'
  /** JSON `{class_name, config}` from `model.to_json()`, or a Keras 1 bare list of layer configs. */
  | 'keras-json';

const SUPPORTED =
  'Keras .h5 models and weights (Keras 1-3), Keras 3 .keras archives and .weights.h5/.weights.json, ' +
  'tf.keras "v3" weights, model.to_json() configs and TF.js layers model.json files ' +
  '(a TF.js .bin weight shard is read through its model.json)';

/** Detects the format of a file from its bytes; throws `UNSUPPORTED_FORMAT`, naming the file, for anything else. */
export async function detectFormat(bytes: Uint8Array, fileName = 'the given bytes'): Promise<KerasFormat> {
  if (findsHdf5Signature((at, length) => bytes.subarray(at, at + length), bytes.length)) return detectHdf5(bytes, fileName);
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    if (listZipEntries(bytes, fileName).some((e) => e.name === KERAS_ARCHIVE.config)) return 'keras-zip';
    throw unknown(fileName, `it is a zip archive without ${KERAS_ARCHIVE.config}`);
  }
  const text = asText(bytes);
  if (text === undefined || !/^\s*[[{]/.test(text)) throw unknown(fileName, 'it is neither HDF5, zip nor JSON');
  return detectJson(parseKerasJson(text, fileName), fileName);
}

async function detectHdf5(bytes: Uint8Array, fileName: string): Promise<KerasFormat> {
  const file = await openH5(bytes, { fileName });
  try {
    const format = hdf5Format(file);
    if (format === undefined) throw unknown(fileName, 'it is an HDF5 file without Keras attributes or groups');
    return format;
  } finally {
    file.close();
  }
}

/** The Keras format of an open HDF5 file, or undefined when it holds none. */
export function hdf5Format(file: H5File): KerasFormat | undefined {
  const rootAttrs = file.attrNames('/');
  if (rootAttrs.includes('model_config')) return 'keras-h5';
  if (rootAttrs.some((name) => /^layer_names\d*$/.test(name))) return 'keras-h5-weights';
  if (file.isGroup('_layer_checkpoint_dependencies')) return 'tf-keras-v3-weights';
  if (file.isGroup('layers') && file.isGroup('vars')) return 'keras3-weights-h5';
  return undefined;
}

function detectJson(json: unknown, fileName: string): KerasFormat {
  if (isObject(json)) {
    if ('modelTopology' in json && 'weightsManifest' in json) return 'tfjs-layers';
    if (isObject(json.weight_map) && 'metadata' in json) return 'keras3-sharded-weights-index';
    if (typeof json.class_name === 'string' && 'config' in json) return 'keras-json';
  }
  if (Array.isArray(json) && json.length > 0 && json.every((layer) => isObject(layer) && typeof layer.class_name === 'string')) return 'keras-json';
  throw unknown(fileName, 'it is JSON, but not a Keras config, a TF.js model.json or a sharded-weights index');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

/** UTF-8 text (BOM dropped), or undefined for binary data. */
function asText(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return undefined;
  }
}

function unknown(fileName: string, what: string): KerasBridgeError {
  return new KerasBridgeError('UNSUPPORTED_FORMAT', `Cannot tell what '${fileName}' holds: ${what}. kerasbridge reads ${SUPPORTED}.`, {
    file: fileName,
  });
}
