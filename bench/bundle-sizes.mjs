// The built page's files by part, JavaScript and WebAssembly apart, raw and gzipped (as a server would send
// them), with when the page loads each part. h5wasm carries libhdf5's wasm inside its JavaScript (Emscripten's
// SINGLE_FILE build), as a string literal, which is counted as wasm here.
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

/** Each part: its files (by the name Vite gives them, after their module) and when the page fetches it. */
const PARTS = [
  { part: 'page (main thread)', when: 'on load', files: /^(index\.html|index-.*\.(js|css))$/ },
  { part: 'worker: kerasbridge (importers, exporter, runtime, drawing) and the page logic', when: 'on load', files: /^worker-.*\.js$/ },
  { part: 'h5wasm (libhdf5)', when: 'first file opened', files: /^hdf5_hl-.*\.js$/ },
  { part: 'onnxruntime-web, WebAssembly build', when: 'first prediction', files: /^(ort\.wasm\.bundle\.min-.*\.js|ort-wasm-simd-threaded-.*\.wasm)$/ },
  { part: 'onnxruntime-web, WebGPU build', when: 'first prediction on WebGPU', files: /^(ort\.webgpu\.bundle\.min-.*\.js|ort-wasm-simd-threaded\.asyncify-.*\.wasm)$/ },
  { part: 'codegen: ts-morph and TypeScript', when: 'first .ts download', files: /^ts-morph-.*\.js$/ },
  { part: 'shared runtime and Node-module stubs', when: 'with the above', files: /.*/ },
];

/** The byte range of Emscripten's inlined wasm: a string literal starting with the wasm magic `\0asm`. */
function inlinedWasm(text) {
  const start = text.search(/[`"']\\0asm/);
  if (start < 0) return '';
  const quote = text[start];
  let end = start + 1;
  while (text[end] !== quote) end += text[end] === '\\' ? 2 : 1;
  return text.slice(start, end + 1);
}

const sizes = (bytes) => ({ raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length });

/** Sizes per part of the page in `dir` (dist/web), and of the library's browser build in `libDir` (dist/browser). */
export function bundleSizes(dir, libDir) {
  const files = [
    ...readdirSync(dir).filter((f) => f.endsWith('.html')).map((f) => [f, `${dir}/${f}`]),
    ...readdirSync(`${dir}/assets`).map((f) => [f, `${dir}/assets/${f}`]),
  ];
  const rows = PARTS.map(({ part, when }) => ({ part, when, js: { raw: 0, gzip: 0 }, wasm: { raw: 0, gzip: 0 } }));
  const add = (into, bytes) => {
    if (bytes.length === 0) return;
    const s = sizes(bytes);
    into.raw += s.raw;
    into.gzip += s.gzip;
  };
  for (const [name, path] of files) {
    const row = rows[PARTS.findIndex((p) => p.files.test(name))];
    const bytes = readFileSync(path);
    if (name.endsWith('.wasm')) add(row.wasm, bytes);
    else {
      const text = bytes.toString('utf8');
      const wasm = inlinedWasm(text);
      add(row.wasm, Buffer.from(wasm));
      add(row.js, Buffer.from(text.replace(wasm, '')));
    }
  }
  const library = readdirSync(libDir).filter((f) => f.endsWith('.js')).reduce((sum, f) => sum + readFileSync(`${libDir}/${f}`).length, 0);
  return { rows, library };
}
