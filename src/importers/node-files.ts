import { KerasBridgeError } from '../ir/errors.js';

/**
 * Node's file system, loaded on demand: the importers run in browsers too, where a path means nothing
 * and a static `node:fs` import would break bundling.
 */

/** True in Node (and in Electron's main process), where string sources are host file paths. */
export function isNode(): boolean {
  return typeof process !== 'undefined' && typeof process.versions?.node === 'string';
}

export function nodeFs(): Promise<typeof import('node:fs/promises')> {
  return import('node:fs/promises');
}

/** What a host path holds, told from its first bytes; Keras' own formats are told apart inside each kind. */
export type PathKind = 'directory' | 'hdf5' | 'zip' | 'other';

const SIGNATURES: [Exclude<PathKind, 'directory' | 'other'>, number[]][] = [
  ['hdf5', [0x89, 0x48, 0x44, 0x46]],
  ['zip', [0x50, 0x4b, 0x03, 0x04]],
  ['zip', [0x50, 0x4b, 0x05, 0x06]],
];

function cannotRead(fileName: string, error: unknown): KerasBridgeError {
  return new KerasBridgeError('FILE_NOT_FOUND', `Cannot read '${fileName}': ${(error as Error).message}. Check the path.`, { file: fileName, cause: error });
}

function requireNode(fileName: string): void {
  if (!isNode()) throw new KerasBridgeError('INVALID_ARGUMENT', `Cannot read '${fileName}' by path outside Node: pass its bytes.`, { file: fileName });
}

/** A whole file's bytes; `fileName` is what errors call it. */
export async function readFileBytes(path: string, fileName: string): Promise<Uint8Array> {
  requireNode(fileName);
  try {
    return new Uint8Array(await (await nodeFs()).readFile(path));
  } catch (error) {
    throw cannotRead(fileName, error);
  }
}

/**
 * Reads 4 bytes of a path, so that a large model is opened where it is (an HDF5 file in place, a zip entry
 * by entry) rather than read whole to find out what it is.
 */
export async function pathKind(path: string, fileName: string): Promise<PathKind> {
  requireNode(fileName);
  const fs = await nodeFs();
  try {
    if ((await fs.stat(path)).isDirectory()) return 'directory';
    const handle = await fs.open(path, 'r');
    try {
      const head = new Uint8Array(4);
      await handle.read(head, 0, 4, 0);
      return SIGNATURES.find(([, signature]) => signature.every((b, i) => head[i] === b))?.[0] ?? 'other';
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw cannotRead(fileName, error);
  }
}
