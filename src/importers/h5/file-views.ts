// An HDF5 file that lies inside another file, such as the model.weights.h5 a .keras zip stores uncompressed,
// opened where it lies. libhdf5 reads files through h5wasm's Emscripten file system, which in Node is the
// host's (NODERAWFS: FS.open, FS.read, FS.llseek, FS.fstat, FS.stat over Node's fs); for a registered
// path those calls are answered from a byte range of the outer file instead. A .keras then converts without
// its weights being copied to a scratch file first (ResNet50: 98 MiB written and read again, 0.05-0.3 s).
import type { H5Module } from './h5wasm-module.js';

/** `length` bytes of file `path` from byte `start`. */
export interface FileRange {
  readonly path: string;
  readonly start: number;
  readonly length: number;
}

interface ViewStream {
  position: number;
  range?: FileRange;
}

type FileSystem = H5Module['FS'] & Record<string, unknown>;
type Method = (...args: never[]) => unknown;

const SEEK_SET = 0;
const SEEK_CUR = 1;
const SEEK_END = 2;
const O_RDONLY = 0;

const views = new Map<string, FileRange>();
const patched = new WeakSet<object>();

/** Whether h5wasm's file system has the calls this module wraps (an h5wasm build that moved them would not). */
export function canViewFiles(module: H5Module): boolean {
  const fs = module.FS as FileSystem;
  return ['open', 'read', 'llseek', 'fstat', 'stat', 'getStream'].every((name) => typeof fs[name] === 'function');
}

/**
 * Makes `virtualPath` (a path that cannot exist, such as one below a file) open as `range`, until the
 * returned function is called. Requires `canViewFiles(module)`.
 */
export function viewFile(module: H5Module, virtualPath: string, range: FileRange): () => void {
  patch(module);
  views.set(virtualPath, range);
  return () => views.delete(virtualPath);
}

function patch(module: H5Module): void {
  const fs = module.FS as FileSystem;
  if (patched.has(fs)) return;
  patched.add(fs);
  const original = Object.fromEntries(['open', 'read', 'llseek', 'fstat', 'stat'].map((name) => [name, (fs[name] as Method).bind(fs)])) as Record<string, (...args: unknown[]) => unknown>;
  const rangeOf = (stream: unknown) => (stream as ViewStream | undefined)?.range;
  Object.assign(fs, {
    open(path: string, flags: unknown, mode: unknown) {
      const range = views.get(path);
      if (range === undefined) return original.open!(path, flags, mode);
      const stream = original.open!(range.path, O_RDONLY, mode) as ViewStream;
      stream.range = range;
      return stream;
    },
    read(stream: ViewStream, buffer: unknown, offset: number, length: number, position?: number) {
      const range = rangeOf(stream);
      if (range === undefined) return original.read!(stream, buffer, offset, length, position);
      const at = position ?? stream.position;
      const count = Math.max(0, Math.min(length, range.length - at));
      const read = count === 0 ? 0 : (original.read!(stream, buffer, offset, count, range.start + at) as number);
      if (position === undefined) stream.position += read;
      return read;
    },
    llseek(stream: ViewStream, offset: number, whence: number) {
      const range = rangeOf(stream);
      if (range === undefined) return original.llseek!(stream, offset, whence);
      const base = whence === SEEK_SET ? 0 : whence === SEEK_CUR ? stream.position : whence === SEEK_END ? range.length : NaN;
      const position = base + offset;
      if (!(position >= 0)) throw new (fs as unknown as { ErrnoError: new (errno: number) => Error }).ErrnoError(28);
      stream.position = position;
      return position;
    },
    fstat(fd: number) {
      const stat = original.fstat!(fd) as { size: number };
      const range = rangeOf((fs.getStream as (fd: number) => unknown)(fd));
      if (range !== undefined) stat.size = range.length;
      return stat;
    },
    stat(path: string, dontFollow?: boolean) {
      const range = views.get(path);
      if (range === undefined) return original.stat!(path, dontFollow);
      const stat = original.stat!(range.path, dontFollow) as { size: number };
      stat.size = range.length;
      return stat;
    },
  });
}
