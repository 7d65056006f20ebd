import { importModel } from './dist/src/importers/load.js';
import { toOnnx } from './dist/src/index.js';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
for (const name of process.argv.slice(2)) for (const src of ['model.h5', 'model.keras']) {
  const f = `.cache/zoo/${name}/${src}`;
  fs.rmSync('/tmp/cz.onnx', { force: true });
  const r = spawnSync('/usr/bin/time', ['-f', '%M', 'node', 'bin/kerasbridge.js', 'convert', f, '-o', '/tmp/cz.onnx'], { encoding: 'utf8' });
  const cli = fs.readFileSync('/tmp/cz.onnx');
  const lib = toOnnx((await importModel(f)).model);
  console.log(name.padEnd(16), src.padEnd(12), Buffer.compare(cli, Buffer.from(lib)) === 0 ? 'IDENTICAL' : 'DIFFERENT', r.stdout.trim().split(', ').at(-1), (Number(r.stderr.trim().split('\n').at(-1)) / 1024).toFixed(0) + ' MiB');
}
