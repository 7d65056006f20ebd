// Issue #4's acceptance for the seed models too large to commit: the VQA example's (1.7M to 169M
// parameters). `npm run seed-large` (fixtures/generate.py seed-numeric-large) writes them as
// fixtures/seed-numeric/ is written, seeded weights and Keras' predict() on the formula batch, into the
// ignored .cache/seed-numeric-large/. Each TypeScript port gets those weights with loadWeights, is exported
// with toOnnx, run by onnxruntime-node against Keras' outputs within 1e-4 + 1e-3·|keras| (tighter for
// small outputs, below), and passes onnx.checker's full check. Run by `npm run test:zoo`
// (vitest.zoo.config.ts), which fails without the cache.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { loadWeights, toOnnx } from 'kerasbridge';
import { buildSeedModel, ISSUE_ATOL, runAgainstKeras, seedModelIds, type RecordedOutput, type SeedNumericModel } from './helpers/seed-numeric.js';

interface Reference {
  models: Record<string, SeedNumericModel & { params: number }>;
}

const cache = new URL('../.cache/seed-numeric-large/', import.meta.url);
const python = new URL('../.venv/bin/python', import.meta.url);
/**
 * The absolute part of the tolerance, scaled to the output: 1e-4 assumes values of order 1, but the two
 * VQA models end in a softmax over 1000 answers, all about 1e-3, where 1e-4 is a 10% error and a spatially
 * flipped conv kernel or LSTM gates out of order pass unseen (measured: fixtures/README.md).
 */
const scaledAtol = (output: RecordedOutput) => ISSUE_ATOL * Math.min(1, output.data.reduce((m, v) => Math.max(m, Math.abs(v)), 0));

const committed = JSON.parse(readFileSync(new URL('../fixtures/seed-numeric/reference.json', import.meta.url), 'utf8')) as { noWeights: Record<string, unknown> };

describe('seed models too large to commit, built in TypeScript with Keras weights, compute what Keras computes', () => {
  if (!existsSync(new URL('reference.json', cache))) {
    test('the cache is built', () => {
      expect.fail(`No ${cache.pathname}reference.json: run \`npm run seed-large\` first (it needs the Python venv of fixtures/README.md).`);
    });
    return;
  }
  const reference = JSON.parse(readFileSync(new URL('reference.json', cache), 'utf8')) as Reference;
  for (const old of readdirSync(cache).filter((f) => f.endsWith('.onnx'))) rmSync(new URL(old, cache));

  test('the cache holds every seed model the committed fixtures leave out', () => {
    expect(Object.keys(reference.models).sort()).toEqual(Object.keys(committed.noWeights).sort());
    expect(seedModelIds()).toEqual(expect.arrayContaining(Object.keys(reference.models)));
  });

  test.each(Object.keys(reference.models))('%s: onnxruntime-node gives Keras’ predict() on the seeded batch', async (id) => {
    const model = buildSeedModel(id);
    expect(model.countParams()).toBe(reference.models[id]!.params);
    await loadWeights(model, new URL(`${id}.keras`, cache).pathname);
    const bytes = toOnnx(model);
    writeFileSync(new URL(`${id}.onnx`, cache), bytes);
    console.info(`${id}: ${await runAgainstKeras(bytes, reference.models[id]!, scaledAtol)}`);
  });

  test('onnx.checker full check passes on every export', () => {
    const checker = new URL('../fixtures/check_onnx.py', import.meta.url).pathname;
    const run = spawnSync(python.pathname, [checker, cache.pathname], { encoding: 'utf8' });
    const count = Object.keys(reference.models).length;
    expect(run.status, `${run.stdout}${run.stderr}${run.error?.message ?? ''}`).toBe(0);
    expect(run.stdout).toContain(`${count} of ${count} pass`);
  });
});
