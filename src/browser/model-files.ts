import { KerasBridgeError } from '../ir/errors.js';
import { detectFormat, type KerasFormat } from '../importers/detect.js';
import { parseKerasJson } from '../importers/json.js';
import { importModel, type ImportedModel, type LoadOptions } from '../importers/load.js';
import type { TfjsModelJson } from '../importers/tfjs.js';

/** A file the user picked or dropped: its name and its bytes. A browser `File` is one. */
export interface PickedFile {
  readonly name: string;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** A picked file already read. */
export interface FileBytes {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** An imported model, with the name of the file that held it among those given. */
export interface ImportedFiles extends ImportedModel {
  fileName: string;
}

const MODEL_FORMATS: readonly KerasFormat[] = ['keras-h5', 'keras-zip', 'tfjs-layers', 'keras-json'];
const JSON_START = /^\s*[[{]/;

/**
 * Imports the model in a set of picked files, as a user drops them on a page: one `.h5` or `.keras` file;
 * a TF.js `model.json` with its `.bin` shards; or a `model.to_json()` config with its weights file.
 * Which file is the model is told by content, as everywhere in kerasbridge; files left over are named in
 * `warnings`.
 */
export async function importFiles(files: Iterable<PickedFile> | ArrayLike<PickedFile>, options: Pick<LoadOptions, 'customLayers'> = {}): Promise<ImportedFiles> {
  const read = await Promise.all(Array.from(files, async (file): Promise<FileBytes> => ({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) })));
  return importFileBytes(read, options);
}

/** `importFiles` over files already read (in a Web Worker, read with progress). */
export async function importFileBytes(files: readonly FileBytes[], options: Pick<LoadOptions, 'customLayers'> = {}): Promise<ImportedFiles> {
  if (files.length === 0) throw new KerasBridgeError('INVALID_ARGUMENT', 'No file was given. Pick a Keras file (.h5, .keras, model.json with its shards, or a JSON config with its weights).');
  const configs = await jsonModels(files);
  if (configs.length > 1) throw several(configs.map((c) => c.file));
  const config = configs[0];
  if (config === undefined) {
    // One file is imported whatever it is, so that the importer says what is wrong with it.
    const binaries = files.length === 1 ? files : files.filter((f) => !JSON_START.test(headText(f.bytes)));
    if (binaries.length !== 1) throw several(binaries.length > 1 ? binaries : files);
    return withIgnored(await importModel(binaries[0]!.bytes, { ...options, fileName: binaries[0]!.name }), files, binaries);
  }
  const others = files.filter((f) => f !== config.file);
  if (config.format === 'tfjs-layers') {
    const shards = requireShards(config.file, config.json as TfjsModelJson, others);
    const imported = await importModel(config.file.bytes, { ...options, fileName: config.file.name, files: Object.fromEntries(shards.map(({ path, file }) => [path, file.bytes])) });
    return withIgnored(imported, files, [config.file, ...shards.map((s) => s.file)]);
  }
  const weights = others.filter((f) => !JSON_START.test(headText(f.bytes)));
  if (weights.length > 1) {
    throw new KerasBridgeError('INVALID_ARGUMENT', `'${config.file.name}' is a model config, and several files could be its weights (${names(weights)}). Give it one weights file.`, { file: config.file.name });
  }
  const imported = await importModel(config.file.bytes, { ...options, fileName: config.file.name, weights: weights[0]?.bytes });
  return withIgnored(imported, files, [config.file, ...weights]);
}

/**
 * The JSON files holding a model (a TF.js model.json or a Keras config), with their parsed content. Other
 * JSON (notes, a weights index) is not the model; damaged JSON is an error, as it may be the model.
 */
async function jsonModels(files: readonly FileBytes[]): Promise<{ file: FileBytes; format: KerasFormat; json: unknown }[]> {
  const found = [];
  for (const file of files.filter((f) => JSON_START.test(headText(f.bytes)))) {
    const format = await detectFormat(file.bytes, file.name).catch((error: unknown) => {
      if (error instanceof KerasBridgeError && error.code === 'UNSUPPORTED_FORMAT') return undefined;
      throw error;
    });
    if (format !== undefined && MODEL_FORMATS.includes(format)) found.push({ file, format, json: parseKerasJson(new TextDecoder().decode(file.bytes), file.name) });
  }
  return found;
}

/** The TF.js shards by manifest path; the picked files carry base names only, so they are matched by those. */
function requireShards(model: FileBytes, json: TfjsModelJson, others: readonly FileBytes[]): { path: string; file: FileBytes }[] {
  const paths = (json.weightsManifest ?? []).flatMap((group) => group.paths);
  const byName = new Map(others.map((f) => [f.name, f]));
  const missing = paths.filter((p) => !byName.has(baseName(p)));
  if (missing.length > 0) {
    throw new KerasBridgeError('FILE_NOT_FOUND', `'${model.name}' needs its weight shard${missing.length > 1 ? 's' : ''} ${missing.map((p) => `'${baseName(p)}'`).join(', ')}. Pick them together with the model.json.`, {
      file: model.name,
    });
  }
  return paths.map((path) => ({ path, file: byName.get(baseName(path))! }));
}

/** The model file is `used[0]`; the files not used are named in a warning. */
function withIgnored(imported: ImportedModel, files: readonly FileBytes[], used: readonly FileBytes[]): ImportedFiles {
  const ignored = files.filter((f) => !used.includes(f));
  if (ignored.length > 0) imported.warnings.push(`Not used: ${names(ignored)} (the model is in '${used[0]!.name}').`);
  return { ...imported, fileName: used[0]!.name };
}

function several(files: readonly FileBytes[]): KerasBridgeError {
  return new KerasBridgeError(
    'INVALID_ARGUMENT',
    `Cannot tell which of ${names(files)} is the model. Give one .h5 or .keras file, a model.json with its .bin shards, or a JSON config with its weights file.`,
  );
}

const names = (files: readonly FileBytes[]) => files.map((f) => `'${f.name}'`).join(', ');
const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);
/** The first bytes as text, enough to tell JSON from binary formats. */
const headText = (bytes: Uint8Array) => new TextDecoder().decode(bytes.subarray(0, 64));
