// The CLI as users run it: the built bin in a child process, exit codes and output streams.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { readSeedFixture } from './helpers/keras-report.js';

const bin = fileURLToPath(new URL('../bin/kerasbridge.js', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });

const fixture = (path: string) => fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url));

describe('kerasbridge inspect', () => {
  const reference = JSON.parse(readFileSync(fixture('models/multi-io/reference.json'), 'utf8'));
  test.each([
    ['model.h5', 'keras-h5', []],
    ['model.keras', 'keras-zip', []],
    ['config.json', 'keras-json', ['--weights', fixture('models/multi-io/model.weights.h5')]],
  ])('--json on %s reports the format and the model as Keras does', (file, format, extra) => {
    const result = run('inspect', fixture(`models/multi-io/${file}`), ...extra, '--json');
    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.format).toBe(format);
    expect(report.totalParams).toBe(reference.params.total);
    expect(report.inputs.map((i: { name: string }) => i.name)).toEqual(reference.inputs.map((i: { name: string }) => i.name));
    expect(report.layers.map((l: { name: string; className: string; params: number }) => [l.name, l.className, l.params])).toEqual(
      reference.layers.map((l: { name: string; className: string; params: number }) => [l.name, l.className, l.params]),
    );
    const kerasNodes = reference.layers.map((l: { inboundNodes: { args: unknown[] }[] | null }) =>
      (l.inboundNodes ?? []).map((node) => JSON.stringify(node.args).match(/"keras_history":\[[^\]]*\]/g)!.map((h) => JSON.parse(h.slice(16)))),
    );
    expect(report.layers.map((l: { inboundNodes: unknown[] }) => l.inboundNodes)).toEqual(kerasNodes);
  });

  test('prints the format, the Keras version and the summary table', () => {
    const result = run('inspect', fixture('models/cnn/model.h5'));
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Format: keras-h5\nKeras version: 3\.15\.1\nBackend: tensorflow\n/);
    expect(result.stdout).toContain(` Total params: ${JSON.parse(readFileSync(fixture('models/cnn/reference.json'), 'utf8')).params.total.toLocaleString('en-US')} `);
  });

  test('a file that is not there is a one-line error and exit 2', () => {
    const result = run('inspect', 'no/such/model.h5');
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^kerasbridge inspect: Cannot read 'no\/such\/model\.h5'/);
  });
});

describe('kerasbridge CLI', () => {
  test('--help lists the commands; every command has --help', () => {
    const help = run('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/examples\s+Build the Keras functional API guide/);
    const commandHelp = run('examples', '--help');
    expect(commandHelp.status).toBe(0);
    expect(commandHelp.stdout).toMatch(/Usage: kerasbridge examples \[NAME\] \[--json\]/);
  });

  test('examples NAME --json reports the models as Keras does', () => {
    const result = run('examples', 'vqa', '--json');
    expect(result.status).toBe(0);
    const { models } = JSON.parse(result.stdout);
    const keras = readSeedFixture('vqa').models.vqaModel!;
    expect(models.vqaModel.totalParams).toBe(keras.params);
    expect(models.vqaModel.layers.map((l: { className: string }) => l.className)).toEqual(keras.layers.map((l) => l.className));
    expect(models.vqaModel.inputs.map((i: { shape: unknown }) => i.shape)).toEqual(keras.inputs.map((i) => i.shape));
  });

  test('examples NAME prints the summary table', () => {
    const result = run('examples', 'residual');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(' Total params: 84 (336.00 B)');
  });

  test('bad input is a one-line error and a non-zero exit', () => {
    const unknown = run('examples', 'nope');
    expect(unknown.status).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr.trim().split('\n')).toEqual(["kerasbridge examples: Unknown example 'nope'. Choose one of: mlp, multi-io, shared-lstm, nodes, conv-shapes, inception, residual, shared-vision, vqa."]);
    const json = run('examples', 'nope', '--json');
    expect(JSON.parse(json.stderr).error.code).toBe('INVALID_ARGUMENT');
    const badFlag = run('examples', '--frobnicate');
    expect(badFlag.status).toBe(2);
    expect(badFlag.stderr).toMatch(/Unknown option '--frobnicate'/);
    expect(run('convert-nothing').status).toBe(2);
  });
});
