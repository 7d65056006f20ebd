import { KerasBridgeError } from '../../ir/errors.js';
import { readAttribute, readListAttribute, type AttrValue } from './attributes.js';
import { canViewFiles, viewFile, type FileRange } from './file-views.js';
import { checkedDatasetInfo, datasetInfo, readByteRange, readDataset, readLeadingBytes, rowBytes, withDatasetBytes, type H5Dataset, type H5DatasetInfo } from './datasets.js';
import { hdf5Reason, loadH5Runtime, scratchDirectory, throwingHdf5Errors, type H5Handle, type H5Module } from './h5wasm-module.js';
import { findsHdf5Signature, type ReadAt } from './signature.js';

export interface OpenH5Options {
  /** The name errors use; defaults to the path, or to 'HDF5 bytes' for a byte source. */
  fileName?: string;
  /**
   * Largest dataset `dataset()` reads, in bytes (default 1 GiB). libhdf5 runs in WebAssembly, whose
   * heap is 2 GiB at most, and each read passes through it whole.
   */
  maxDatasetBytes?: number;
}

const DEFAULT_MAX_DATASET_BYTES = 2 ** 30;
// Several processes may share the temp directory: a random prefix keeps their scratch files apart.
const SCRATCH_PREFIX = Math.random().toString(36).slice(2);
let scratchCounter = 0;

/**
 * Opens an HDF5 file read-only. A string is a path (in Node, a host path opened in place, without
 * copying); bytes are written to a scratch file first (see `openH5Scratch`).
 */
export async function openH5(source: string | Uint8Array, options: OpenH5Options = {}): Promise<H5File> {
  if (typeof source !== 'string') {
    return openH5Scratch(async (path) => (await loadH5Runtime()).FS.writeFile(path, source), { ...options, fileName: options.fileName ?? 'HDF5 bytes' });
  }
  return openChecked(await loadH5Runtime(), source, options.fileName ?? source, options, undefined);
}

/**
 * Opens an HDF5 file that `fill` first writes to a scratch path (in Node the OS temp directory, in
 * browsers h5wasm's in-memory file system), removed again on `close()`: for bytes that are no file of
 * their own, such as the `model.weights.h5` inside a `.keras` zip. h5wasm loads while `fill` runs.
 */
export async function openH5Scratch(fill: (path: string) => Promise<unknown>, options: OpenH5Options & { fileName: string }): Promise<H5File> {
  const scratchPath = `${await scratchDirectory()}/kerasbridge-${SCRATCH_PREFIX}-${scratchCounter++}.h5`;
  const loading = loadH5Runtime();
  try {
    await fill(scratchPath);
    const module = await loading;
    return openChecked(module, scratchPath, options.fileName, options, () => removeQuietly(module, scratchPath));
  } catch (error) {
    removeQuietly(await loading, scratchPath);
    throw error;
  }
}

/**
 * Opens an HDF5 file lying in a byte range of another file (a `.keras` zip's stored `model.weights.h5`)
 * where it lies, or resolves to undefined where h5wasm's file system cannot be extended to (browsers).
 */
export async function openH5Range(range: FileRange, options: OpenH5Options & { fileName: string }): Promise<H5File | undefined> {
  const module = await loadH5Runtime();
  if (!canViewFiles(module)) return undefined;
  // A path no file has, answered from the range (file-views.ts).
  const virtualPath = `${await scratchDirectory()}/kerasbridge-${SCRATCH_PREFIX}-${scratchCounter++}-view.h5`;
  const release = viewFile(module, virtualPath, range);
  try {
    return openChecked(module, virtualPath, options.fileName, options, release);
  } catch (error) {
    release();
    throw error;
  }
}

function openChecked(module: H5Module, path: string, fileName: string, options: OpenH5Options, release: (() => void) | undefined): H5File {
  const fileSize = sizeOf(module, path, fileName);
  requireSignature(fileReader(module, path, fileName), fileSize, fileName);
  const maxDatasetBytes = options.maxDatasetBytes ?? DEFAULT_MAX_DATASET_BYTES;
  return new H5File({ module, fileId: openReadOnly(module, path, fileName), fileName }, fileSize, maxDatasetBytes, release);
}

/** A dataset whose values are read from the file when asked for (see `H5File.datasetLater`). */
export interface H5DatasetInFile extends H5DatasetInfo {
  read(): H5Dataset;
  /** The stored bytes (little-endian), valid only during `use`: they live in libhdf5's heap. */
  withBytes<T>(use: (bytes: Uint8Array) => T): T;
  /** Up to `count` of the first bytes (of the first row along the last axis), read without the rest. */
  leadingBytes(count: number): Uint8Array;
  /** Bytes per index of the first axis, the unit `readRange` reads in. */
  readonly rowBytes: number;
  /** Copies bytes [offset, offset + target.length) into `target`, reading only the rows that hold them. */
  readRange(offset: number, target: Uint8Array): void;
}

/**
 * An open HDF5 file. Paths are absolute or relative to the root ('model_weights/dense' is
 * '/model_weights/dense'). libhdf5's failures on damaged files surface as `CORRUPT_FILE` errors.
 */
export class H5File {
  readonly fileName: string;
  private closed = false;

  /** Use `openH5()`. */
  constructor(
    private readonly h5: H5Handle,
    /** Bytes on disk, which bounds what an uncompressed dataset can hold. */
    readonly fileSize: number,
    private readonly maxDatasetBytes: number,
    /** Undoes what opening took beyond the file itself (a scratch copy, a view of a range). */
    private readonly release: (() => void) | undefined,
  ) {
    this.fileName = h5.fileName;
  }

  /** Child names of a group, in libhdf5's order (alphabetical for Keras files). */
  keys(groupPath: string): string[] {
    const path = absolute(groupPath);
    if (!this.isGroup(path)) throw this.missing('group', path);
    return this.call(path, () => this.h5.module.get_names(this.h5.fileId, path, false));
  }

  isGroup(path: string): boolean {
    return this.typeOf(path) === this.h5.module.H5G_GROUP;
  }

  isDataset(path: string): boolean {
    return this.typeOf(path) === this.h5.module.H5G_DATASET;
  }

  /** Attribute names of a group or dataset, without reading their values. */
  attrNames(path: string): string[] {
    const at = this.object(path);
    return this.call(at, () => this.h5.module.get_attribute_names(this.h5.fileId, at));
  }

  /** All attributes of a group or dataset, decoded (see `AttrValue`). */
  attrs(path: string): Record<string, AttrValue> {
    const at = this.object(path);
    return Object.fromEntries(this.attrNames(at).map((name) => [name, this.call(at, () => readAttribute(this.h5, at, name))]));
  }

  /** One attribute, or `undefined` when the object has none of that name. */
  attr(path: string, name: string): AttrValue | undefined {
    const at = this.object(path);
    return this.attrNames(at).includes(name) ? this.call(at, () => readAttribute(this.h5, at, name)) : undefined;
  }

  /** A Keras list attribute (`layer_names`, `weight_names`), joined from its chunks `name0`, `name1`, ... if split. */
  readListAttr(path: string, name: string): string[] {
    const at = absolute(path);
    return this.call(at, () => readListAttribute(this.h5, at, name), 'group or dataset');
  }

  /** Shape and dtype without reading the values. */
  datasetInfo(path: string): H5DatasetInfo {
    const at = absolute(path);
    return this.call(at, () => datasetInfo(this.h5, at), 'dataset');
  }

  /** Reads a whole dataset; refuses one whose declared size the file cannot hold or that exceeds `maxDatasetBytes`. */
  dataset(path: string): H5Dataset {
    const at = absolute(path);
    return this.call(at, () => readDataset(this.h5, at, this.checkedInfo(at)), 'dataset');
  }

  /**
   * A dataset checked as `dataset()` checks it, with its values left in the file to be read when needed,
   * while the file is open.
   */
  datasetLater(path: string): H5DatasetInFile {
    const at = absolute(path);
    const info = this.call(at, () => this.checkedInfo(at), 'dataset');
    return {
      ...info,
      read: () => this.call(at, () => readDataset(this.h5, at, info)),
      withBytes: (use) => this.call(at, () => withDatasetBytes(this.h5, at, info, use)),
      leadingBytes: (count) => this.call(at, () => readLeadingBytes(this.h5, at, info, count)),
      rowBytes: rowBytes(info),
      readRange: (offset, target) => this.call(at, () => readByteRange(this.h5, at, info, offset, target)),
    };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.h5.module.close_file(this.h5.fileId);
    this.release?.();
  }

  private checkedInfo(path: string): H5DatasetInfo {
    return checkedDatasetInfo(this.h5, path, { fileSize: this.fileSize, maxDatasetBytes: this.maxDatasetBytes });
  }

  private typeOf(path: string): number {
    const at = absolute(path);
    return this.call(at, () => this.h5.module.get_type(this.h5.fileId, at));
  }

  private object(path: string): string {
    const at = absolute(path);
    if (!this.isGroup(at) && !this.isDataset(at)) throw this.missing('group or dataset', at);
    return at;
  }

  private missing(what: string, path: string): KerasBridgeError {
    return new KerasBridgeError('CORRUPT_FILE', `File '${this.fileName}' has no ${what} at '${path}'.`, { file: this.fileName, path });
  }

  /**
   * Runs libhdf5 calls, turning their failures into typed errors. `expected` is what `path` should be,
   * checked only when the calls fail (a lookup before every read was a tenth of ResNet50's import).
   */
  private call<T>(path: string, read: () => T, expected?: 'dataset' | 'group or dataset'): T {
    if (this.closed) {
      throw new KerasBridgeError('INVALID_ARGUMENT', `File '${this.fileName}' is closed; open it again to read '${path}'.`, { file: this.fileName, path });
    }
    try {
      return throwingHdf5Errors(this.h5.module, read);
    } catch (error) {
      if (error instanceof KerasBridgeError) throw error;
      if (expected === 'dataset' && !this.isDataset(path)) throw this.missing(expected, path);
      if (expected === 'group or dataset' && !this.isGroup(path) && !this.isDataset(path)) throw this.missing(expected, path);
      throw new KerasBridgeError('CORRUPT_FILE', `Reading '${path}' from '${this.fileName}' failed: ${hdf5Reason(error)}. The file is damaged.`, {
        file: this.fileName,
        path,
        cause: error,
      });
    }
  }
}

function absolute(path: string): string {
  return path.startsWith('/') ? path : `/${path}`;
}

function sizeOf(module: H5Module, path: string, fileName: string): number {
  let stat: { mode: number; size: number };
  try {
    stat = module.FS.stat(path);
  } catch (error) {
    throw new KerasBridgeError('FILE_NOT_FOUND', `File '${fileName}' does not exist or cannot be read. Check the path.`, { file: fileName, cause: error });
  }
  if (module.FS.isDir(stat.mode)) {
    throw new KerasBridgeError('UNSUPPORTED_FORMAT', `'${fileName}' is a directory, not an HDF5 file. A Keras directory save opens with openKerasArchive().`, {
      file: fileName,
    });
  }
  return stat.size;
}

function requireSignature(readAt: ReadAt, fileSize: number, fileName: string): void {
  if (!findsHdf5Signature(readAt, fileSize)) {
    throw new KerasBridgeError(
      'UNSUPPORTED_FORMAT',
      `File '${fileName}' is not an HDF5 file: it has no HDF5 signature. Pass a Keras .h5/.weights.h5 file, or call detectFormat() to find out what it is.`,
      { file: fileName },
    );
  }
}

function openReadOnly(module: H5Module, path: string, fileName: string): bigint {
  try {
    return throwingHdf5Errors(module, () => module.open(path, module.H5F_ACC_RDONLY, false, -1, -1));
  } catch (error) {
    throw new KerasBridgeError('CORRUPT_FILE', `File '${fileName}' cannot be opened: ${hdf5Reason(error)}. The file is damaged or incomplete; download or copy it again.`, {
      file: fileName,
      cause: error,
    });
  }
}

function fileReader(module: H5Module, path: string, fileName: string): ReadAt {
  return (offset, length) => {
    let stream: ReturnType<H5Module['FS']['open']>;
    try {
      stream = module.FS.open(path, 'r');
    } catch (error) {
      throw new KerasBridgeError('FILE_NOT_FOUND', `File '${fileName}' cannot be read (no permission?). Check the path.`, { file: fileName, cause: error });
    }
    try {
      const buffer = new Uint8Array(length);
      return buffer.subarray(0, module.FS.read(stream, buffer, 0, length, offset));
    } finally {
      module.FS.close(stream);
    }
  };
}

/** Scratch files are ours alone; failing to remove one (already gone, a locked file on Windows) must not mask the real outcome. */
function removeQuietly(module: H5Module, path: string): void {
  try {
    module.FS.unlink(path);
  } catch {
    // nothing to clean up
  }
}
