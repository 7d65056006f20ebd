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
