import { KerasBridgeError } from '../ir/errors.js';
import type { Functional } from '../ir/functional.js';
import { detectFormat, hdf5Format, type KerasFormat } from './detect.js';
import { openH5 } from './h5/h5-file.js';
import { parseKerasJson } from './json.js';
import { kerasMajor } from './keras-version.js';
import { pathKind, readFileBytes } from './node-files.js';
import { loadTfjsWeights, type TfjsModelJson } from './tfjs.js';
import { loadKeras3Weights } from './weights/keras3-h5.js';
import { loadLegacyH5Weights } from './weights/legacy-h5.js';
import { WeightFiles } from './weight-files.js';
import { openKerasArchive } from './zip.js';

export interface LoadWeightsOptions {
  /** The shards a TF.js model.json names, by manifest path; in Node they are read beside it when absent. */
  files?: Readonly<Record<string, Uint8Array>>;
  /** The name errors use for a byte source. */
  fileName?: string;
  /** The Keras generation the model's config follows, for a weights file that records none. */
  kerasMajor?: 1 | 2 | 3;
}

type Source = string | Uint8Array;

function unsupported(fileName: string, format: KerasFormat | undefined): KerasBridgeError {
  return new KerasBridgeError(
    'UNSUPPORTED_FORMAT',
    `'${fileName}' holds ${format ?? 'no Keras weights'}, which kerasbridge does not load weights from. Pass the model's .h5, .keras, .weights.h5 or TF.js model.json.`,
    { file: fileName },
  );
}

/** Legacy and Keras 3 H5 layouts; a file that does not record its Keras falls back to the one the model follows. */
async function loadH5(model: Functional, source: Source, fileName: string, weightFiles: WeightFiles, fallbackMajor?: 1 | 2 | 3): Promise<void> {
  const { readLater } = weightFiles;
  await weightFiles.use(await openH5(source, { fileName }), (file) => {
    const format = hdf5Format(file);
    if (format === 'keras3-weights-h5') return loadKeras3Weights(model, file, { kerasMajor: 3, file: fileName, readLater });
    if (format !== 'keras-h5' && format !== 'keras-h5-weights') throw unsupported(fileName, format);
    const version = file.attr('/', 'keras_version');
    const backend = file.attr('/', 'backend');
    const major = version === undefined ? (fallbackMajor ?? model.savedBy?.kerasMajor ?? kerasMajor(undefined)) : kerasMajor(version);
    const context = { kerasMajor: major, backend: typeof backend === 'string' ? backend : undefined, file: fileName, readLater };
    loadLegacyH5Weights(model, file, file.isGroup('model_weights') ? 'model_weights' : '/', context);
  });
}

async function loadArchive(model: Functional, source: Source, fileName: string, weightFiles: WeightFiles): Promise<void> {
  const archive = await openKerasArchive(source, { fileName });
  const { keras_version } = (archive.has('metadata.json') ? await archive.metadata() : {}) as { keras_version?: string };
  const context = { kerasMajor: kerasMajor(keras_version ?? '3'), file: fileName, readLater: weightFiles.readLater };
  await weightFiles.use(await archive.openWeights(), (weights) => loadKeras3Weights(model, weights, context));
}

async function loadTfjs(model: Functional, bytes: Uint8Array, path: string | undefined, fileName: string, files: LoadWeightsOptions['files']): Promise<void> {
  const json = parseKerasJson(new TextDecoder().decode(bytes), fileName) as TfjsModelJson;
  const directory = path === undefined ? undefined : path.slice(0, path.lastIndexOf('/') + 1);
  const readShard = async (shard: string): Promise<Uint8Array> => {
    const given = files?.[shard];
    if (given) return given;
    if (directory === undefined) throw new KerasBridgeError('FILE_NOT_FOUND', `${fileName} needs the weight shard '${shard}'. Pass it in { files: { '${shard}': bytes } }.`, { file: fileName });
    return readFileBytes(directory + shard, directory + shard);
  };
  const topology = json.modelTopology as { keras_version?: string } | undefined;
  await loadTfjsWeights(model, json, readShard, { kerasMajor: kerasMajor(topology?.keras_version ?? 'tfjs'), file: fileName });
}

/**
 * Puts the weights a Keras file holds into a model built for it: by codegen's `buildModel()`, or by
 * hand with the same layers. Reads what `load()` reads (a full-model .h5, a .keras archive or folder,
 * a .weights.h5 or legacy weights .h5, a TF.js model.json and its shards), by Keras' own rules.
 */
export async function loadWeights(model: Functional, source: Source, options: LoadWeightsOptions = {}): Promise<void> {
  await loadWeightsFrom(model, source, options, new WeightFiles(false));
}

/** `loadWeights`, with the H5 files it opens left to `weightFiles` (kept open by an import whose weights are read later). */
export async function loadWeightsFrom(model: Functional, source: Source, options: LoadWeightsOptions, weightFiles: WeightFiles): Promise<void> {
  const fileName = options.fileName ?? (typeof source === 'string' ? source : 'weights bytes');
  // Archives and HDF5 files given by path are opened in place; the rest is read to be told apart.
  const kind = typeof source === 'string' ? await pathKind(source, fileName) : undefined;
  if (kind === 'directory' || kind === 'zip') return loadArchive(model, source, fileName, weightFiles);
  if (kind === 'hdf5') return loadH5(model, source, fileName, weightFiles, options.kerasMajor);
  const bytes = typeof source === 'string' ? await readFileBytes(source, fileName) : source;
  const format = await detectFormat(bytes, fileName);
  if (format === 'keras-zip') return loadArchive(model, bytes, fileName, weightFiles);
  if (format === 'tfjs-layers') return loadTfjs(model, bytes, typeof source === 'string' ? source : undefined, fileName, options.files);
  if (format === 'keras-h5' || format === 'keras-h5-weights' || format === 'keras3-weights-h5') return loadH5(model, bytes, fileName, weightFiles, options.kerasMajor);
  throw unsupported(fileName, format);
}
