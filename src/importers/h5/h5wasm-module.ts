import type * as H5Wasm from 'h5wasm';
import { KerasBridgeError } from '../../ir/errors.js';
import { isNode } from '../node-files.js';

/** The compiled HDF5 library (libhdf5 in WebAssembly) with its file system. */
export type H5Module = Awaited<typeof H5Wasm.ready>;

let runtime: Promise<H5Module> | undefined;

/**
 * Loads h5wasm once per process. In Node its file system is the host's (NODERAWFS), so real paths
 * open without copying; in browsers it is an in-memory file system.
 */
export function loadH5Runtime(): Promise<H5Module> {
  runtime ??= load();
  return runtime;
}

async function load(): Promise<H5Module> {
  return (await (isNode() ? import('h5wasm/node') : import('h5wasm'))).ready;
}

/**
 * Where bytes handed to `openH5` are written so that libhdf5 can open them as a file: the OS temp
 * directory in Node, h5wasm's in-memory file system in browsers. Known before h5wasm is loaded, so that a
 * scratch file can be written while it loads.
 */
export async function scratchDirectory(): Promise<string> {
  return isNode() ? (await import('node:os')).tmpdir() : '/tmp';
}

/** One open file, as the attribute and dataset readers need it. */
export interface H5Handle {
  module: H5Module;
  fileId: bigint;
  /** For messages: the name the user knows the file by. */
  fileName: string;
}

/** Runs `use` on `nbytes` of wasm heap, freed afterwards; libhdf5 reads into that heap, not into JS memory. */
export function withHeapBuffer<T>(h5: H5Handle, nbytes: number, use: (ptr: number) => T): T {
  const ptr = h5.module._malloc(nbytes);
  if (ptr === 0) {
    throw new KerasBridgeError(
      'UNSAFE_CONTENT',
      `Reading '${h5.fileName}' needs ${nbytes} bytes at once, more than the WebAssembly HDF5 reader has left (at most ${h5.module.MAXIMUM_MEMORY} in all).`,
      { file: h5.fileName },
    );
  }
  try {
    return use(ptr);
  } finally {
    h5.module._free(ptr);
  }
}

let throwingDepth = 0;

/**
 * Runs libhdf5 calls under h5wasm's throwing error handler: a failure then throws an Error carrying
 * libhdf5's error stack, instead of printing it to the console and returning -1. The setting is global
 * to every user of h5wasm in the process, so the default handler comes back afterwards.
 */
export function throwingHdf5Errors<T>(module: H5Module, run: () => T): T {
  if (throwingDepth++ === 0) module.activate_throwing_error_handler();
  try {
    return run();
  } finally {
    if (--throwingDepth === 0) module.deactivate_throwing_error_handler();
  }
}

/** The innermost entry of libhdf5's error stack, which names the cause ("truncated file: eof = 5000, ..."). */
export function hdf5Reason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const reasons = text.split('\n').flatMap((line) => /#\d+: .* in \w+\(\): (.*)$/.exec(line)?.[1] ?? []);
  return reasons.at(-1) ?? text.trim();
}
