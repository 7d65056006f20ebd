#!/usr/bin/env node
// The CLI entry: the compiled CLI lives in dist/ (built by `npm ci` through the prepare script), bundled into a
// few modules that load faster than tsc's (vite.cli.config.ts). tsc's own output runs when it is newer than the
// bundle, or the bundle is missing: after a build that ran tsc alone, as during development.
import { statSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';

// libhdf5 (h5wasm) is 3 MB of WebAssembly. V8 compiles it quickly (Liftoff), then again optimised on background
// threads, which on a 2-core machine took the CPU from the conversion itself: converting ResNet50's H5 took
// 0.75 s with that second compilation, 0.67 s without. A CLI process is too short-lived for it to pay off.
setFlagsFromString('--liftoff-only');

const cli = new URL('../dist/src/cli/', import.meta.url);
const modified = (file) => statSync(new URL(file, cli), { throwIfNoEntry: false })?.mtimeMs ?? -1;
const { main } = await import(new URL(modified('bundle.js') >= modified('main.js') ? 'bundle.js' : 'main.js', cli).href);

const io = { out: (text) => process.stdout.write(`${text}\n`), err: (text) => process.stderr.write(`${text}\n`) };
process.exitCode = await main(process.argv.slice(2), io);
