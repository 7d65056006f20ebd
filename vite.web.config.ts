// The page (src/web): `npm run web` serves it, `npm run build:web` writes it to dist/web/ as a static site
// with relative URLs, which any static file server can serve. Served cross-origin isolated (COOP/COEP),
// onnxruntime-web runs on several WebAssembly threads; without those headers it runs on one.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { nodeOnly } from './src/web/build/node-only-plugin.js';
import { CROSS_ORIGIN_ISOLATION } from './src/web/build/static-server.mjs';

export default defineConfig({
  root: fileURLToPath(new URL('./src/web', import.meta.url)),
  base: './',
  plugins: [nodeOnly()],
  worker: { format: 'es', plugins: () => [nodeOnly()], rolldownOptions: { checks: { pluginTimings: false } } },
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // onnxruntime-web's glue and TypeScript (for codegen, loaded on demand) are large by nature.
    chunkSizeWarningLimit: 12_000,
    rolldownOptions: { checks: { pluginTimings: false } },
  },
  // Served as is by the dev server: pre-bundled, onnxruntime-web would look for its .wasm beside the copy.
  // The worker's CommonJS dependencies are listed because the dev server finds those only once the worker
  // loads, and then reloads the page, dropping the file the user just picked.
  optimizeDeps: { exclude: ['onnxruntime-web'], include: ['h5wasm', 'protobufjs/light.js', 'fflate', '@dagrejs/dagre'] },
  server: { headers: CROSS_ORIGIN_ISOLATION },
  preview: { headers: CROSS_ORIGIN_ISOLATION },
});
