// Times whole processes, start-up included, as a user waits for them; GNU time reports the peak RSS
// (Node's resourceUsage() only knows its own process).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median } from './latency.mjs';

const TIME = '/usr/bin/time';

function timeOnce(command, args, env, output) {
  // Each run writes a new file, as a user's conversion does: replacing the last run's output would add
  // the freeing of its blocks (0.06 s for ResNet50's 98 MiB) to whichever converter renames over it.
  if (output) rmSync(output, { force: true });
  const dir = mkdtempSync(join(tmpdir(), 'kerasbridge-bench-'));
  try {
    const rssFile = join(dir, 'rss');
    const started = performance.now();
    const run = spawnSync(TIME, ['-f', '%M', '-o', rssFile, command, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 << 20 });
    const seconds = (performance.now() - started) / 1000;
    if (run.error) throw new Error(`${TIME} could not run (${run.error.message}); install GNU time (Debian package 'time').`);
    const rssKiB = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop());
    return { ok: run.status === 0, seconds, rssBytes: rssKiB * 1024, stdout: run.stdout, stderr: run.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs the command `repeat` times (`output`, the file it writes, removed before each run): the median wall seconds and the largest peak RSS; on a failure, stops
 * and gives the error's last line (a Python traceback ends with it, kerasbridge prints one line).
 */
export function timeProcess(command, args, { repeat, env = {}, output }) {
  const runs = [];
  for (let i = 0; i < repeat; i++) {
    const run = timeOnce(command, args, env, output);
    if (!run.ok) return { error: run.stderr.trim().split('\n').pop() || 'failed with no message' };
    runs.push(run);
  }
  return { seconds: median(runs.map((r) => r.seconds)), rssBytes: Math.max(...runs.map((r) => r.rssBytes)), stdout: runs.at(-1).stdout };
}
