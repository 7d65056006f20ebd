// A plain static file server for the built page, as any web host serves it: files by path with a MIME
// type per extension, and the cross-origin isolation headers only when asked (the page works both ways).
// Used by the real-browser tests and bench/browser.mjs.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';

/** COOP/COEP: what makes a page cross-origin isolated, so that WebAssembly threads (SharedArrayBuffer) are allowed. */
export const CROSS_ORIGIN_ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

/** @type {Record<string, string>} */
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.map': 'application/json',
};

/** @typedef {{ url: string, close(): Promise<void> }} StaticServer */

/**
 * Serves `root` on a free port of 127.0.0.1.
 * @param {string} root
 * @param {{ crossOriginIsolated: boolean }} options
 * @returns {Promise<StaticServer>}
 */
export async function serveStatic(root, options) {
  const server = createServer(async (request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://host').pathname));
    const file = join(root, path.endsWith('/') ? `${path}index.html` : path);
    const found = file.startsWith(root) ? await stat(file).catch(() => undefined) : undefined;
    if (!found?.isFile()) {
      response.writeHead(404).end('not found');
      return;
    }
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    response.writeHead(200, { 'Content-Type': type, 'Content-Length': found.size, ...(options.crossOriginIsolated && CROSS_ORIGIN_ISOLATION) });
    createReadStream(file).pipe(response);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
