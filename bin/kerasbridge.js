#!/usr/bin/env node
// The CLI entry: the compiled CLI lives in dist/ (built by `npm ci` through the prepare script), bundled into a
// few modules that load faster than tsc's (vite.cli.config.ts). tsc's own output runs when it is newer than the
// bundle, or the bundle is missing: after a build that ran tsc alone, as during development.
import { statSync } from 'node:fs';

const cli = new URL('../dist/src/cli/', import.meta.url);
const modified = (file) => statSync(new URL(file, cli), { throwIfNoEntry: false })?.mtimeMs ?? -1;
const { main } = await import(new URL(modified('bundle.js') >= modified('main.js') ? 'bundle.js' : 'main.js', cli).href);

const io = { out: (text) => process.stdout.write(`${text}\n`), err: (text) => process.stderr.write(`${text}\n`) };
process.exitCode = await main(process.argv.slice(2), io);
