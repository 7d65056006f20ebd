import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { KerasBridgeError } from '../ir/errors.js';

/**
 * Writes a file whole or not at all: into a temporary file beside it, then renamed over it (a rename within
 * one folder is atomic). On failure the temporary file is removed and an existing file is left as it was.
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, data, { flag: 'wx' });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new KerasBridgeError('INVALID_ARGUMENT', `Cannot write '${path}' (${reason}). Check that its folder exists and is writable.`, { file: path, cause: error });
  }
}
