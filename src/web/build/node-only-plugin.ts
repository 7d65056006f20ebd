import { builtinModules } from 'node:module';
import type { Plugin } from 'vite';

/** Packages with native or Node-file-system code that have a browser counterpart in kerasbridge. */
const NODE_ONLY_PACKAGES = ['onnxruntime-node', 'h5wasm/node', 'yauzl'];
const BUILTINS = new Set(builtinModules);

/** A Node built-in or a Node-only package: what a browser bundle must not load. */
export const isNodeOnly = (source: string) => source.startsWith('node:') || BUILTINS.has(source.split('/')[0]!) || NODE_ONLY_PACKAGES.includes(source);

/**
 * Keeps Node modules out of a browser bundle. kerasbridge's own sources reach them only through dynamic
 * imports taken when `isNode()` (the importers' file paths, onnxruntime-node): those become a module that
 * throws if it is ever loaded. Dependencies' CommonJS `require`s of Node built-ins (ts-morph, TypeScript),
 * guarded by their own run-time checks, become an empty object, as Vite's browser-external does. A static
 * import of a Node module from an ES module fails the build: it would run in every browser.
 */
export function nodeOnly(): Plugin {
  // Virtual module ids, named so that their chunks read as what they stand for ('node-only-node-fs-promises.js').
  const stubs = new Map<string, { source: string; empty: boolean }>();
  const stub = (source: string, empty: boolean) => {
    const id = `\0node-only-${source.replace(/[^\w-]+/g, '-')}${empty ? '-empty' : ''}`;
    stubs.set(id, { source, empty });
    return id;
  };
  return {
    name: 'kerasbridge-node-only',
    enforce: 'pre',
    resolveId(source, importer, options) {
      if (!isNodeOnly(source)) return null;
      const kind = (options as { kind?: string }).kind;
      if (kind === 'require-call' || importer?.includes('/node_modules/')) return stub(source, true);
      if (kind === 'import-statement') {
        this.error(`${importer} imports the Node module '${source}' statically, which a browser bundle cannot hold. Import it dynamically behind isNode() (as src/importers/node-files.ts does), or keep the file out of the browser entry's graph.`);
      }
      // A dynamic import; or the dev server, which does not say how a module is imported (a static import
      // of this module then fails as the page loads).
      return stub(source, false);
    },
    load(id) {
      const found = stubs.get(id);
      if (found === undefined) return null;
      return found.empty ? 'export default {};' : `throw new Error(${JSON.stringify(`'${found.source}' is a Node module; kerasbridge loads it only in Node, and this is a browser.`)});`;
    },
  };
}
