// The library's browser build (package.json exports, "browser" condition): src/browser.ts as one ES module
// in dist/browser/, with the package's dependencies left to the user's bundler (onnxruntime-web's .wasm
// files among them). `npm run build` runs it after tsc.
import { readFileSync } from 'node:fs';
import { defineConfig } from 'vite';
import { isNodeOnly, nodeOnly } from './src/web/build/node-only-plugin.js';

const { dependencies } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> };
const external = Object.keys(dependencies);

export default defineConfig({
  plugins: [nodeOnly()],
  build: {
    outDir: 'dist/browser',
    emptyOutDir: true,
    target: 'es2022',
    minify: false,
    sourcemap: true,
    lib: { entry: 'src/browser.ts', formats: ['es'], fileName: 'kerasbridge' },
    rolldownOptions: { external: (id) => !isNodeOnly(id) && external.some((name) => id === name || id.startsWith(`${name}/`)) },
  },
});
