// The CLI as a few ES modules (bin/kerasbridge.js loads them): Node resolves and links the 150 modules of
// tsc's output one by one, 0.11 s of every `kerasbridge convert`, against 0.04 s for these. One chunk per
// command, loaded when it runs; the package's dependencies stay outside. The chunks sit beside tsc's
// src/cli/*.js, so that paths the commands compute from `import.meta.url` (the examples) still hold.
// `npm run build` runs it after tsc.
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';

const { dependencies } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> };
// protobufjs, fflate and yauzl are bundled: loaded from node_modules, Node resolves and compiles their CommonJS
// files one by one (27 ms for protobufjs, 9 ms for fflate, 13 ms for yauzl); bundled, `kerasbridge convert
// --help` runs 10 ms sooner and converting ResNet50's .keras 20 ms sooner.
const bundled = new Set(['protobufjs', 'fflate', 'yauzl']);
const external = [...Object.keys(dependencies).filter((name) => !bundled.has(name)), ...builtinModules];

export default defineConfig({
  ssr: { noExternal: [...bundled] },
  build: {
    ssr: 'src/cli/main.ts',
    outDir: 'dist/src/cli',
    emptyOutDir: false,
    target: 'node20',
    minify: false,
    sourcemap: true,
    rolldownOptions: {
      external: (id) => id.startsWith('node:') || external.some((name) => id === name || id.startsWith(`${name}/`)),
      output: { entryFileNames: 'bundle.js', chunkFileNames: 'bundle-[name].js' },
    },
  },
});
