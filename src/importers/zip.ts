import { unzipSync } from 'fflate';
import { KerasBridgeError } from '../ir/errors.js';
import { openH5, openH5Range, openH5Scratch, type H5File, type OpenH5Options } from './h5/h5-file.js';
import { parseKerasJson } from './json.js';
import { isNode, nodeFs } from './node-files.js';

/** The entries of a Keras 3 `.keras` archive (keras-formats.md §3). */
export const KERAS_ARCHIVE = { config: 'config.json', metadata: 'metadata.json', weights: 'model.weights.h5' } as const;

export interface ArchiveEntry {
  /** Path inside the archive, '/'-separated. */
  name: string;
  /** Uncompressed bytes. */
  size: number;
}

export interface OpenArchiveOptions extends OpenH5Options {
  /**
   * Most uncompressed bytes a zip may declare in all (default 4 GiB). A zip bomb declares a small
   * archive that inflates to far more; fflate inflates each entry into a buffer of its declared size,
   * and a zip read by path is checked against the declared sizes as it inflates, so capping them caps
   * memory and scratch space.
   */
  maxUncompressedBytes?: number;
}

/** A `.keras` model: a zip archive, or (Node only) the directory `model.save(path, zipped=False)` writes. */
export interface KerasArchive {
  readonly fileName: string;
  /** Files only (no directory entries), in archive order. */
  readonly entries: readonly ArchiveEntry[];
  has(name: string): boolean;
  read(name: string): Promise<Uint8Array>;
  /** `config.json`, parsed as Python writes JSON (bare NaN/Infinity allowed). */
  config(): Promise<unknown>;
  /** `metadata.json`: `{ keras_version, date_saved }`. */
  metadata(): Promise<unknown>;
  /** `model.weights.h5`: in place for a directory or a stored entry of a zip on disk, else from its bytes. Close it when done. */
  openWeights(): Promise<H5File>;
}

const DEFAULT_MAX_UNCOMPRESSED_BYTES = 4 * 2 ** 30;
/** Size of a zip central-directory record without its variable-length fields. */
const CENTRAL_RECORD_BYTES = 46;

/**
 * Opens a `.keras` model from its bytes, its path, or the path of a `zipped=False` directory (paths in
 * Node only). Refuses entries that would escape the archive ('..', absolute paths) and zips that
 * declare more than `maxUncompressedBytes`; requires `config.json`.
 */
export async function openKerasArchive(source: string | Uint8Array, options: OpenArchiveOptions = {}): Promise<KerasArchive> {
  const fileName = options.fileName ?? (typeof source === 'string' ? source : '.keras bytes');
  let archive: KerasArchive;
  if (typeof source !== 'string') archive = zipArchive(source, fileName, options);
  else if (!isNode()) {
    throw new KerasBridgeError('INVALID_ARGUMENT', `Cannot open '${fileName}' by path outside Node. Pass the file's bytes instead.`, { file: fileName });
  } else archive = await pathArchive(source, fileName, options);
  if (!archive.has(KERAS_ARCHIVE.config)) {
    throw new KerasBridgeError(
      'UNSUPPORTED_FORMAT',
      `'${fileName}' has no ${KERAS_ARCHIVE.config}, so it is not a Keras 3 .keras model (it holds ${describeEntries(archive.entries)}). Call detectFormat() to find out what it is.`,
      { file: fileName },
    );
  }
  return archive;
}

/**
 * Lists a zip's files after checking every name and the total declared size, without inflating
 * anything. Throws `UNSAFE_CONTENT` for '..', absolute or duplicate names and zip bombs,
 * `CORRUPT_FILE` for damaged archives.
 */
export function listZipEntries(bytes: Uint8Array, fileName: string, maxUncompressedBytes = DEFAULT_MAX_UNCOMPRESSED_BYTES): ArchiveEntry[] {
  const checker = new EntryChecker(fileName, maxUncompressedBytes);
  unzip(bytes, fileName, (file) => {
    // A forged entry count would otherwise loop over billions of phantom records.
    if ((checker.count + 1) * CENTRAL_RECORD_BYTES > bytes.length) throw corrupt(fileName, 'its central directory lists more entries than the file can hold');
    checker.add({ name: file.name, size: file.originalSize });
    return false;
  });
  return checker.entries;
}

/** Checks a zip's directory records one by one as `listZipEntries` says, keeping the files among them. */
class EntryChecker {
  readonly entries: ArchiveEntry[] = [];
  count = 0;
  private readonly names = new Set<string>();
  private total = 0;

  constructor(
    private readonly fileName: string,
    private readonly maxUncompressedBytes = DEFAULT_MAX_UNCOMPRESSED_BYTES,
  ) {}

  add({ name, size }: ArchiveEntry): void {
    const { fileName } = this;
    this.count++;
    if (name === '') throw corrupt(fileName, `entry ${this.count} of its central directory has no name`);
    checkEntryName(name, fileName);
    this.total += size;
    if (this.total > this.maxUncompressedBytes) {
      throw new KerasBridgeError(
        'UNSAFE_CONTENT',
        `Zip '${fileName}' declares more than ${this.maxUncompressedBytes} uncompressed bytes (${this.total} by entry '${name}'), a zip bomb or a model too big to load. Raise maxUncompressedBytes if you trust the file.`,
        { file: fileName },
      );
    }
    if (this.names.has(name)) {
      // Readers disagree on which duplicate wins, which is how zip-confusion attacks hide content.
      throw new KerasBridgeError('UNSAFE_CONTENT', `Zip '${fileName}' lists entry '${name}' twice; Keras never writes such archives. Refusing the file.`, {
        file: fileName,
      });
    }
    this.names.add(name);
    if (!name.endsWith('/')) this.entries.push({ name, size });
  }
}

function zipArchive(bytes: Uint8Array, fileName: string, options: OpenArchiveOptions): KerasArchive {
  const entries = listZipEntries(bytes, fileName, options.maxUncompressedBytes);
  const read = async (name: string): Promise<Uint8Array> => {
    const entry = entries.find((e) => e.name === name);
    if (entry === undefined) throw missing(fileName, name);
    const data = unzip(bytes, fileName, (file) => file.name === name)[name];
    if (data === undefined || data.length !== entry.size) {
      throw corrupt(fileName, `entry '${name}' inflates to ${data?.length ?? 0} bytes instead of the ${entry.size} it declares`);
    }
    return data;
  };
  return archiveOver(fileName, entries, read, async () =>
    openH5(await read(KERAS_ARCHIVE.weights), { ...options, fileName: `${fileName}/${KERAS_ARCHIVE.weights}` }),
  );
}

async function pathArchive(path: string, fileName: string, options: OpenArchiveOptions): Promise<KerasArchive> {
  const fs = await nodeFs();
  const stat = await fs.stat(path).catch((error: unknown) => {
    throw new KerasBridgeError('FILE_NOT_FOUND', `File '${fileName}' does not exist or cannot be read. Check the path.`, { file: fileName, cause: error });
  });
  if (!stat.isDirectory()) return zipFileArchive(path, fileName, options);
  const names = (await fs.readdir(path, { recursive: true })).map((name) => name.replace(/\\/g, '/'));
  const stats = await Promise.all(names.map(async (name) => ({ name, stat: await fs.stat(`${path}/${name}`) })));
  const entries = stats.filter(({ stat }) => stat.isFile()).map(({ name, stat }) => ({ name, size: stat.size }));
  const read = async (name: string): Promise<Uint8Array> => {
    if (!entries.some((e) => e.name === name)) throw missing(fileName, name);
    return new Uint8Array(await fs.readFile(`${path}/${name}`));
  };
  return archiveOver(fileName, entries, read, async () => {
    if (!entries.some((e) => e.name === KERAS_ARCHIVE.weights)) throw missing(fileName, KERAS_ARCHIVE.weights);
    return openH5(`${path}/${KERAS_ARCHIVE.weights}`, { ...options, fileName: `${fileName}/${KERAS_ARCHIVE.weights}` });
  });
}

/** A zip on disk, read entry by entry: never read whole, its weights file opened where it lies. */
async function zipFileArchive(path: string, fileName: string, options: OpenArchiveOptions): Promise<KerasArchive> {
  const zipFile = await import('./zip-file.js');
  const typed = <T>(reading: Promise<T>): Promise<T> =>
    reading.catch((error: unknown) => {
      throw error instanceof KerasBridgeError ? error : corrupt(fileName, `it is not a readable zip archive (${(error as Error).message})`, error);
    });
  const checker = new EntryChecker(fileName, options.maxUncompressedBytes);
  for (const record of await typed(zipFile.listZipFile(path))) checker.add(record);
  const { entries } = checker;
  const read = async (name: string): Promise<Uint8Array> => {
    const entry = entries.find((e) => e.name === name);
    if (entry === undefined) throw missing(fileName, name);
    const data = new Uint8Array(entry.size);
    let filled = 0;
    await typed(
      zipFile.streamZipEntry(path, name, (chunk) => {
        data.set(chunk, filled);
        filled += chunk.byteLength;
      }),
    );
    return data;
  };
  return archiveOver(fileName, entries, read, async () => {
    if (!entries.some((e) => e.name === KERAS_ARCHIVE.weights)) throw missing(fileName, KERAS_ARCHIVE.weights);
    const h5Options = { ...options, fileName: `${fileName}/${KERAS_ARCHIVE.weights}` };
    // Stored (Keras' way): opened where it lies in the zip. Compressed: inflated to a scratch file first.
    const range = await typed(zipFile.storedRange(path, KERAS_ARCHIVE.weights));
    const inPlace = range && (await openH5Range({ path, ...range }, h5Options));
    return inPlace ?? openH5Scratch((scratch) => typed(zipFile.copyZipEntry(path, KERAS_ARCHIVE.weights, scratch)), h5Options);
  });
}

function archiveOver(
  fileName: string,
  entries: ArchiveEntry[],
  read: (name: string) => Promise<Uint8Array>,
  openWeights: () => Promise<H5File>,
): KerasArchive {
  const readJson = async (name: string) => parseKerasJson(new TextDecoder().decode(await read(name)), `${fileName}/${name}`);
  return {
    fileName,
    entries,
    has: (name) => entries.some((e) => e.name === name),
    read,
    config: () => readJson(KERAS_ARCHIVE.config),
    metadata: () => readJson(KERAS_ARCHIVE.metadata),
    openWeights,
  };
}

type ZipFilter = (file: { name: string; originalSize: number }) => boolean;

/** fflate's unzip with its plain Errors on damaged archives turned into typed ones. */
function unzip(bytes: Uint8Array, fileName: string, filter: ZipFilter): Record<string, Uint8Array> {
  try {
    return unzipSync(bytes, { filter });
  } catch (error) {
    if (error instanceof KerasBridgeError) throw error;
    throw corrupt(fileName, `it is not a readable zip archive (${(error as Error).message})`, error);
  }
}

/** Zip-slip: an entry named '../x' or '/etc/x' must never become a path outside the archive. */
function checkEntryName(name: string, fileName: string): void {
  const segments = name.split(/[\\/]/);
  if (name.startsWith('/') || name.startsWith('\\') || /^[A-Za-z]:/.test(name) || segments.includes('..')) {
    throw new KerasBridgeError(
      'UNSAFE_CONTENT',
      `Zip '${fileName}' has an entry named '${name}', which points outside the archive; Keras never writes such names. Refusing the file.`,
      { file: fileName },
    );
  }
}

function describeEntries(entries: readonly ArchiveEntry[]): string {
  if (entries.length === 0) return 'nothing';
  const names = entries.slice(0, 5).map((e) => e.name).join(', ');
  return entries.length > 5 ? `${names} and ${entries.length - 5} more` : names;
}

function missing(fileName: string, name: string): KerasBridgeError {
  return new KerasBridgeError('CORRUPT_FILE', `'${fileName}' has no entry '${name}'. A .keras model holds config.json, metadata.json and model.weights.h5.`, {
    file: fileName,
  });
}

function corrupt(fileName: string, what: string, cause?: unknown): KerasBridgeError {
  return new KerasBridgeError('CORRUPT_FILE', `File '${fileName}' cannot be read: ${what}. Download or copy it again.`, { file: fileName, cause });
}
