import { unzipSync, zipSync } from 'fflate';
import { KerasBridgeError } from '../ir/errors.js';
import { listZipEntries } from '../importers/zip.js';
import type { NdArray } from './nd-array.js';
import { readNpy, writeNpy } from './npy.js';

/**
 * The arrays of a `.npz` file (`numpy.savez`, stored, or `savez_compressed`, deflated), keyed by name without
 * `.npy`. Zip bombs (more than `maxUncompressedBytes` declared, 4 GiB by default), entry names that escape
 * the archive and duplicate names are refused before anything is inflated.
 */
export function readNpz(bytes: Uint8Array, fileName = 'the .npz bytes', maxUncompressedBytes?: number): Record<string, NdArray> {
  const entries = listZipEntries(bytes, fileName, maxUncompressedBytes).filter((e) => e.name.endsWith('.npy'));
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, { filter: (file) => file.name.endsWith('.npy') });
  } catch (error) {
    throw new KerasBridgeError('CORRUPT_FILE', `'${fileName}' is not a readable .npz file (${(error as Error).message}). Write it again with numpy.savez().`, { file: fileName, cause: error });
  }
  return Object.fromEntries(
    entries.map(({ name, size }) => {
      const data = files[name];
      if (data?.length !== size) {
        throw new KerasBridgeError('CORRUPT_FILE', `'${fileName}': entry '${name}' inflates to ${data?.length ?? 0} bytes instead of the ${size} it declares. Write it again with numpy.savez().`, {
          file: fileName,
        });
      }
      return [name.slice(0, -'.npy'.length), readNpy(data, `${fileName}/${name}`)];
    }),
  );
}

/** A `.npz` file of the arrays, as `numpy.savez` writes it (entries stored, not compressed), read back by `numpy.load`. */
export function writeNpz(arrays: Readonly<Record<string, NdArray>>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(arrays).map(([name, array]) => [`${name}.npy`, writeNpy(array)])), { level: 0 });
}
