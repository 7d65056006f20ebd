// One bench run as a BENCHMARKS.md section: the machine and its load (it is shared, so the load is part of
// the numbers), the versions, then a conversion table and a latency table. Ratios are ours / peer: below 1
// means kerasbridge is faster.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import os from 'node:os';

const mib = (bytes) => `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
const ratio = (a, b) => (a !== undefined && b !== undefined ? `${(a / b).toFixed(3)}` : '—');
const cell = (text) => String(text).replaceAll('|', '\\|');

export function machine() {
  const lscpu = spawnSync('lscpu', { encoding: 'utf8' }).stdout ?? '';
  const cpu = lscpu.match(/^Model name:\s*(.+)$/m)?.[1] ?? os.cpus()[0]?.model ?? 'unknown CPU';
  return `${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB RAM`;
}

export function checkout() {
  const git = (...args) => spawnSync('git', args, { encoding: 'utf8' }).stdout.trim();
  return `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain', '--untracked-files=no') ? ' with uncommitted changes' : ''}`;
}

const peerReport = (peer) => (peer.error ? undefined : JSON.parse(peer.stdout.trim().split('\n').pop()));

function conversionRows({ name, reference, ours, peer }) {
  const weights = reference.weightBytes;
  const row = (converter, source, run, extra) =>
    run.error
      ? `| ${name} | ${mib(weights)} | ${converter} | ${source} | fails: ${cell(run.error)} | | | | | | |`
      : `| ${name} | ${mib(weights)} | ${converter} | ${source} | ${run.seconds.toFixed(2)} | ${ratio(run.seconds, peer.seconds)} | ` +
        `${mib(run.rssBytes)} | ${(run.rssBytes / weights).toFixed(2)} | ${mib(statSync(run.file).size)} | ${(statSync(run.file).size / weights).toFixed(3)} | ${extra} |`;
  const inProcess = peerReport(peer)?.seconds;
  return [
    ...Object.entries(ours).map(([source, run]) => row('kerasbridge convert', source, run, '')),
    row('Keras 3 export, torch', 'model.keras', peer, inProcess ? `in process: load ${inProcess.load.toFixed(1)} s, export ${inProcess.export.toFixed(1)} s` : ''),
  ];
}

function latencyRows({ name, latency }) {
  const ms = (value) => (value === undefined ? '—' : value.toFixed(1));
  return latency.map(
    (l) => `| ${name} | ${l.batch} | ${ms(l.ours)} | ${ms(l.peer)} | ${ratio(l.ours, l.peer)} | ${l.difference === undefined ? '—' : l.difference.toExponential(1)} |`,
  );
}

/** The Markdown section for one run. */
export function markdown(started, startLoad, results, { repeat, batches }) {
  const versions = results.map((r) => peerReport(r.peer)).find(Boolean);
  const ortVersion = JSON.parse(readFileSync(new URL('../node_modules/onnxruntime-node/package.json', import.meta.url), 'utf8')).version;
  return [
    '',
    `## ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC: ${results.map((r) => r.name).join(', ')}`,
    '',
    `Machine: ${machine()}; 1-minute load average ${startLoad.toFixed(1)} at the start, ${os.loadavg()[0].toFixed(1)} at the end (the machine is shared).`,
    `kerasbridge ${checkout()} on Node ${process.version}, onnxruntime-node ${ortVersion}; peer: Keras ${versions?.keras ?? '?'} ` +
      `\`model.export(path, format="onnx")\` with torch ${versions?.torch ?? '?'} (KERAS_BACKEND=torch).`,
    `Conversion: whole processes (start-up included), median wall time of ${repeat}, the largest peak RSS.` +
      (batches.length === 0
        ? ' Latency not measured (--conversion-only).'
        : ` Latency: onnxruntime-node, default session options, ${batches.map(([b, n]) => `median of ${n} runs at batch ${b}`).join(', ')} ` +
          'after 2 warm-up runs, both exports in one process with their runs alternating; the last column compares their outputs on the same input.'),
    '',
    '| model | weights | converter | from | wall s | / peer | peak RSS | RSS / weights | ONNX | ONNX / weights | notes |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...results.flatMap(conversionRows),
    '',
    ...(batches.length === 0
      ? []
      : ['| model | batch | kerasbridge ms | Keras export ms | ours / peer | max \\|ours − peer\\| |', '|---|---|---|---|---|---|', ...results.flatMap(latencyRows), '']),
  ].join('\n');
}
