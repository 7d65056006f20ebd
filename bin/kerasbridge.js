#!/usr/bin/env node
// The CLI entry: the compiled library lives in dist/ (built by `npm ci` through the prepare script).
import { main } from '../dist/src/cli/main.js';

const io = { out: (text) => process.stdout.write(`${text}\n`), err: (text) => process.stderr.write(`${text}\n`) };
process.exitCode = await main(process.argv.slice(2), io);
