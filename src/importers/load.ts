import type { LayerDefinition } from '../ir/define-layer.js';
import { KerasBridgeError } from '../ir/errors.js';
import type { Functional } from '../ir/functional.js';
import type { CompileArgs } from '../ir/compile.js';
import { modelFromSavedConfig } from './config/index.js';
import { detectFormat, hdf5Format, type KerasFormat } from './detect.js';
import { openH5, type H5File } from './h5/h5-file.js';
import { parseKerasJson } from './json.js';
import { kerasMajor } from './keras-version.js';
import { pathKind, readFileBytes } from './node-files.js';
import { loadWeightsFrom } from './load-weights.js';
import { WeightFiles } from './weight-files.js';
import { loadTfjsWeights, tfjsModelFromJson, type TfjsModelJson } from './tfjs.js';
import { loadKeras3Weights } from './weights/keras3-h5.js';
import { loadLegacyH5Weights } from './weights/legacy-h5.js';
import { openKerasArchive } from './zip.js';

export interface LoadOptions {
  /** The weights of a JSON config: a path (Node) or the bytes of a legacy or Keras 3 weights H5. */
  weights?: string | Uint8Array;
  /** Files a TF.js model.json names (its .bin shards), by the path written in the manifest; in Node they are read beside the model.json when absent. */
  files?: Readonly<Record<string, Uint8Array>>;
  /** Definitions of the custom layer classes the file uses. */
  customLayers?: readonly LayerDefinition<object>[];
  /** The name errors use for a byte source. */
  fileName?: string;
  /**
   * Leave the weights of H5 files (legacy, `.weights.h5`, inside `.keras`) in the file, read when first
   * used: a converter then copies them from the file to its output without holding them all. The file
   * stays open until `close()` of the result (with the scratch copy that bytes or a compressed `.keras`
   * are read through); weights not read by then cannot be read afterwards.
   */
  lazyWeights?: boolean;
}

/** A model and what the file said about where it came from. */
export interface ImportedModel {
  model: Functional;
  format: KerasFormat;
  kerasVersion?: string;
  /** The Keras generation whose conventions the file follows (TF.js files follow Keras 2's). */
  kerasMajor: 1 | 2 | 3;
  backend?: string;
  /** Things that did not stop the import but were not carried over (e.g. an unreadable training config). */
  warnings: string[];
  /** Closes the files a `lazyWeights` import keeps open (nothing to do for others). */
  close(): void;
}

/** What each format's reader finds; `importModel` adds `close`. */
type ImportedContent = Omit<ImportedModel, 'close'>;

const HDF5_MAGIC = [0x89, 0x48, 0x44, 0x46];
const hasHdf5Magic = (bytes: Uint8Array) => HDF5_MAGIC.every((b, i) => bytes[i] === b);

function applyTrainingConfig(model: Functional, training: unknown, warnings: string[]): void {
  if (!training || typeof training !== 'object' || Object.keys(training).length === 0) return;
  const t = training as Record<string, unknown>;
  const args: CompileArgs = {
    optimizer: (t.optimizer_config ?? t.optimizer) as CompileArgs['optimizer'],
    loss: t.loss as CompileArgs['loss'],
    loss_weights: t.loss_weights as CompileArgs['loss_weights'],
    metrics: t.metrics as CompileArgs['metrics'],
    weighted_metrics: t.weighted_metrics as CompileArgs['weighted_metrics'],
  };
  try {
    model.compile(Object.fromEntries(Object.entries(args).filter(([, v]) => v !== undefined && v !== null)));
  } catch (error) {
    warnings.push(`The training config was not carried over: ${(error as Error).message}`);
  }
}

function jsonAttr(file: H5File, name: string): unknown {
  const value = file.attr('/', name);
  return typeof value === 'string' ? parseKerasJson(value, `${file.fileName} attribute ${name}`) : undefined;
}

async function fromFullH5(file: H5File, options: LoadOptions, readLater: boolean): Promise<ImportedContent> {
  const kerasVersion = file.attr('/', 'keras_version') as string | undefined;
  const backend = file.attr('/', 'backend') as string | undefined;
  const context = { kerasMajor: kerasMajor(kerasVersion), backend, file: file.fileName };
  const model = modelFromSavedConfig(jsonAttr(file, 'model_config'), { ...context, customLayers: options.customLayers });
  // Keras 1/2 full-model files keep the layer groups under model_weights/, very old ones at the root.
  loadLegacyH5Weights(model, file, file.isGroup('model_weights') ? 'model_weights' : '/', { ...context, readLater });
  const warnings: string[] = [];
  applyTrainingConfig(model, jsonAttr(file, 'training_config'), warnings);
  return { model, format: 'keras-h5', kerasVersion, kerasMajor: context.kerasMajor, backend, warnings };
}

async function fromKerasZip(source: string | Uint8Array, fileName: string, options: LoadOptions, weightFiles: WeightFiles): Promise<ImportedContent> {
  const archive = await openKerasArchive(source, { fileName });
  const config = (await archive.config()) as Record<string, unknown>;
  const metadata = (archive.has('metadata.json') ? await archive.metadata() : {}) as { keras_version?: string };
  const context = { kerasMajor: kerasMajor(metadata.keras_version ?? '3'), file: fileName };
  const model = modelFromSavedConfig(config, { ...context, customLayers: options.customLayers });
  if (archive.has('model.weights.h5')) {
    await weightFiles.use(await archive.openWeights(), (weights) => loadKeras3Weights(model, weights, { ...context, readLater: weightFiles.readLater }));
  }
  const warnings: string[] = [];
  applyTrainingConfig(model, config.compile_config, warnings);
  return { model, format: 'keras-zip', kerasVersion: metadata.keras_version, kerasMajor: context.kerasMajor, warnings };
}

async function fromJson(
  bytes: Uint8Array,
  source: string | Uint8Array,
  fileName: string,
  format: KerasFormat,
  options: LoadOptions,
  weightFiles: WeightFiles,
): Promise<ImportedContent> {
  const json = parseKerasJson(new TextDecoder().decode(bytes), fileName) as Record<string, unknown>;
  if (format === 'tfjs-layers') {
    const tfjs = json as unknown as TfjsModelJson;
    const directory = typeof source === 'string' ? source.slice(0, source.lastIndexOf('/') + 1) : '';
    const readShard = async (path: string) => options.files?.[path] ?? (typeof source === 'string' ? readFileBytes(directory + path, directory + path) : missingShard(path, fileName));
    const topology = tfjs.modelTopology as { keras_version?: string; backend?: string };
    const { model, kerasMajor: major } = tfjsModelFromJson(tfjs, { file: fileName, customLayers: options.customLayers });
    // A Keras weights file given beside a model.json replaces its shards (the same model saved twice).
    if (options.weights !== undefined) await loadWeightsFrom(model, options.weights, { kerasMajor: major }, weightFiles);
    else await loadTfjsWeights(model, tfjs, readShard, { kerasMajor: major, file: fileName });
    return { model, format, kerasVersion: topology.keras_version, kerasMajor: major, backend: topology.backend, warnings: [] };
  }
  if (format !== 'keras-json') {
    throw new KerasBridgeError('UNSUPPORTED_FORMAT', `'${fileName}' holds ${format}, which is weights only: load its model file (or a JSON config with { weights: '${fileName}' }).`, { file: fileName });
  }
  const kerasVersion = typeof json.keras_version === 'string' ? json.keras_version : undefined;
  const backend = typeof json.backend === 'string' ? json.backend : undefined;
  // to_json() of Keras 3 has no keras_version; Keras 3 configs carry a `module` on every layer entry.
  const major = kerasVersion ? kerasMajor(kerasVersion) : 'module' in json ? 3 : 2;
  const context = { kerasMajor: major, backend, file: fileName } as const;
  const model = modelFromSavedConfig(json, { ...context, customLayers: options.customLayers });
  if (options.weights !== undefined) await loadWeightsFrom(model, options.weights, { kerasMajor: major }, weightFiles);
  return { model, format, kerasVersion, kerasMajor: major, backend, warnings: [] };
}

function missingShard(path: string, fileName: string): never {
  throw new KerasBridgeError('FILE_NOT_FOUND', `${fileName} needs the weight shard '${path}'. Pass it in { files: { '${path}': bytes } }.`, { file: fileName });
}

async function importAnyModel(source: string | Uint8Array, options: LoadOptions & { fileName: string }, weightFiles: WeightFiles): Promise<ImportedContent> {
  const { fileName } = options;
  const kind = typeof source === 'string' ? await pathKind(source, fileName) : undefined;
  // A `.keras` zip or the directory of one saved with zipped=False, read entry by entry.
  if (kind === 'directory' || kind === 'zip') return fromKerasZip(source, fileName, options, weightFiles);
  if (kind === 'hdf5' || (typeof source !== 'string' && hasHdf5Magic(source))) {
    // Opened in place from a path, so a large file is never read whole.
    return weightFiles.use(await openH5(source, { fileName }), (file) => {
      const format = hdf5Format(file);
      if (format === 'keras-h5') return fromFullH5(file, options, weightFiles.readLater);
      throw new KerasBridgeError(
        'UNSUPPORTED_FORMAT',
        `'${fileName}' holds ${format ?? 'no Keras model'}: weights without a model. Load the model's JSON config with { weights: '${fileName}' }.`,
        { file: fileName },
      );
    });
  }
  const bytes = typeof source === 'string' ? await readFileBytes(source, fileName) : source;
  const format = await detectFormat(bytes, fileName);
  if (format === 'keras-zip') return fromKerasZip(bytes, fileName, options, weightFiles);
  return fromJson(bytes, source, fileName, format, options, weightFiles);
}

/** Imports any Keras model file, told by content: legacy H5, `.keras`, JSON config (+ weights), TF.js. */
export async function importModel(source: string | Uint8Array, options: LoadOptions = {}): Promise<ImportedModel> {
  const fileName = options.fileName ?? (typeof source === 'string' ? source : 'model bytes');
  const weightFiles = new WeightFiles(options.lazyWeights ?? false);
  let content: ImportedContent;
  try {
    content = await importAnyModel(source, { ...options, fileName }, weightFiles);
  } catch (error) {
    weightFiles.closeAll();
    // Layers replayed from a config raise errors that know the layer but not the file it came from.
    if (error instanceof KerasBridgeError && error.file === undefined) {
      throw new KerasBridgeError(error.code, `${error.message} (in ${fileName})`, { layer: error.layer, path: error.path, file: fileName, cause: error.cause });
    }
    throw error;
  }
  content.model.savedBy = { format: content.format, kerasVersion: content.kerasVersion, kerasMajor: content.kerasMajor };
  return { ...content, close: () => weightFiles.closeAll() };
}

/** `load(pathOrBytes, { weights })`: the model in a Keras file, with its weights. */
export async function load(source: string | Uint8Array, options: LoadOptions = {}): Promise<Functional> {
  return (await importModel(source, options)).model;
}
