// A zip archive on disk read by ranges (Node only): its directory first, then one entry at a time, so that a
// .keras file is never read whole. yauzl reads zips this way (fflate, which the byte sources use, wants the
// whole archive in memory); it is loaded on demand, as Node's file system is (node-files.ts).
import type { Entry, ZipFile } from 'yauzl';
import type { ArchiveEntry } from './zip.js';

async function withZip<T>(path: string, use: (zip: ZipFile, yauzl: typeof import('yauzl')) => Promise<T>): Promise<T> {
  const yauzl = (await import('yauzl')).default;
  // Names are decoded here rather than by yauzl, so that the caller's checks (and its typed errors) see them all.
  const zip = await yauzl.openPromise(path, { decodeStrings: false, autoClose: false, validateEntrySizes: true });
  try {
    return await use(zip, yauzl);
  } finally {
    zip.close();
  }
}

const nameOf = (entry: Entry, yauzl: typeof import('yauzl')) => yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false);

async function* records(zip: ZipFile, yauzl: typeof import('yauzl')): AsyncGenerator<{ entry: Entry; name: string }> {
  for await (const entry of zip.eachEntry()) yield { entry, name: nameOf(entry, yauzl) };
}

/** The central directory's records as declared (directories too, ending with '/'), in archive order. */
export function listZipFile(path: string): Promise<ArchiveEntry[]> {
  return withZip(path, async (zip, yauzl) => {
    const list: ArchiveEntry[] = [];
    for await (const { entry, name } of records(zip, yauzl)) list.push({ name, size: entry.uncompressedSize });
    return list;
  });
}

async function findEntry(zip: ZipFile, yauzl: typeof import('yauzl'), name: string): Promise<Entry | undefined> {
  for await (const record of records(zip, yauzl)) if (record.name === name) return record.entry;
  return undefined;
}

/** Streams entry `name` (inflated, its size checked against its record) to `consume`. Resolves to false when the archive has no such entry. */
export function streamZipEntry(path: string, name: string, consume: (chunk: Uint8Array) => void): Promise<boolean> {
  return withZip(path, async (zip, yauzl) => {
    const entry = await findEntry(zip, yauzl, name);
    if (entry === undefined) return false;
    for await (const chunk of await zip.openReadStreamPromise(entry)) consume(chunk as Uint8Array);
    return true;
  });
}

/** Where entry `name` lies in the zip when it is stored uncompressed, as Keras stores entries; undefined for a compressed one. */
export function storedRange(path: string, name: string): Promise<{ start: number; length: number } | undefined> {
  return withZip(path, async (zip, yauzl) => {
    const entry = await findEntry(zip, yauzl, name);
    if (entry === undefined || entry.compressionMethod !== 0 || entry.isEncrypted() || entry.compressedSize !== entry.uncompressedSize) return undefined;
    const { fileDataStart } = await zip.readLocalFileHeaderPromise(entry, { minimal: true });
    return { start: fileDataStart, length: entry.compressedSize };
  });
}

/** Writes entry `name`, inflated, to a new file at `target`. Resolves to false when there is no such entry. */
export async function copyZipEntry(path: string, name: string, target: string): Promise<boolean> {
  const fs = await import('node:fs');
  const out = fs.openSync(target, 'wx');
  try {
    // Synchronous writes: each chunk is small, and only goes to the OS's page cache.
    return await streamZipEntry(path, name, (chunk) => {
      for (let offset = 0; offset < chunk.byteLength; ) offset += fs.writeSync(out, chunk, offset);
    });
  } finally {
    fs.closeSync(out);
  }
}
