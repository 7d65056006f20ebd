// `kerasbridge convert` and `kerasbridge run` as users run them: the built bin in a child process. Happy paths
// give Keras' numbers; bad input gives exit 2, one line on stderr, nothing on stdout and no output file.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { createSession, readNpz, writeNpy, writeNpz, type NdArray } from 'kerasbridge';
import { streamFileAtomic, writeFileAtomic } from '../src/cli/atomic-write.js';
import { KerasBridgeError } from '../src/ir/errors.js';
import { progressBar } from '../src/cli/progress.js';

interface RecordedTensor {
  name: string;
  shape: number[];
  data: number[];
}

const bin = fileURLToPath(new URL('../bin/kerasbridge.js', import.meta.url));
const run = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd });
const model = (name: string, file = 'model.keras') => fileURLToPath(new URL(`../fixtures/models/${name}/${file}`, import.meta.url));
const reference = (name: string): { input: RecordedTensor[]; output: RecordedTensor[] } => JSON.parse(readFileSync(model(name, 'reference.json'), 'utf8'));
const array = (t: RecordedTensor, data: ArrayLike<number> = t.data, shape = t.shape): NdArray => ({ data: Float32Array.from(data), shape, dtype: 'float32' });

const folders: string[] = [];
afterAll(() => folders.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const tempDir = () => folders[folders.push(mkdtempSync(join(tmpdir(), 'kerasbridge-cli-'))) - 1]!;

/** A fresh folder holding the model's recorded inputs, one .npy per input and all of them in inputs.npz. */
function scratch(name: string): string {
  const dir = tempDir();
  const { input } = reference(name);
  for (const t of input) writeFileSync(join(dir, `${t.name}.npy`), writeNpy(array(t)));
  writeFileSync(join(dir, 'inputs.npz'), writeNpz(Object.fromEntries(input.map((t) => [t.name, array(t)]))));
  return dir;
}

function expectKerasOutputs(outputs: Record<string, { shape: readonly number[]; data: NdArray['data'] | number[] }>, name: string): void {
  const expected = reference(name).output;
  expect(Object.keys(outputs)).toEqual(expected.map((t) => t.name));
  for (const t of expected) {
    expect(outputs[t.name]!.shape).toEqual(t.shape);
    Array.from(outputs[t.name]!.data as ArrayLike<number>).forEach((v, i) => expect(Math.abs(v - t.data[i]!)).toBeLessThanOrEqual(1e-4 + 1e-3 * Math.abs(t.data[i]!)));
  }
}

// Each test spawns the CLI once or twice; a process loads h5wasm and onnxruntime, seconds on a busy machine.
const SPAWNS = { timeout: 60_000 };

describe('kerasbridge convert', SPAWNS, () => {
  test('writes an ONNX model that kerasbridge run turns into Keras outputs, with one summary line and a quiet stderr off a terminal', () => {
    const dir = scratch('cnn');
    const result = run(dir, 'convert', model('cnn', 'model.h5'), '-o', 'cnn.onnx');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Converted .*model\.h5 \(keras-h5\) to cnn\.onnx: 8 layers, 600 params, \d+\.\d KiB ONNX, \d+\.\d\d s\n$/);
    const ran = run(dir, 'run', 'cnn.onnx', '--input', 'image=image.npy', '-o', 'out.npz');
    expect(ran.stderr).toBe('');
    expect(ran.stdout).toBe('Wrote logits to out.npz\n');
    expectKerasOutputs(readNpz(new Uint8Array(readFileSync(join(dir, 'out.npz')))), 'cnn');
  });

  test('--json, --opset, --batch and a JSON config with --weights', async () => {
    const dir = scratch('multi-io');
    const result = run(dir, 'convert', model('multi-io', 'config.json'), '--weights', model('multi-io', 'model.weights.h5'), '-o', 'm.onnx', '--opset', '13', '--batch', '2', '--json');
    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ output: 'm.onnx', format: 'keras-json', layers: 8, params: 252, warnings: [] });
    expect(report.onnxBytes).toBe(readFileSync(join(dir, 'm.onnx')).length);
    const session = await createSession(join(dir, 'm.onnx'));
    expect(session.inputs.map((i) => i.shape)).toEqual([[2, 6], [2, 6], [2, 3]]);
    await session.release();
  });

  test('--inputs-as-nchw: the model takes channels-first images', async () => {
    const dir = scratch('cnn');
    expect(run(dir, 'convert', model('cnn'), '-o', 'nchw.onnx', '--inputs-as-nchw').status).toBe(0);
    const session = await createSession(join(dir, 'nchw.onnx'));
    expect(session.inputs[0]!.shape).toEqual([null, 3, 12, 12]);
    const [image] = reference('cnn').input;
    const nchw = Array.from({ length: 2 * 3 * 12 * 12 }, (_, i) => {
      const [n, c, hw] = [Math.floor(i / 432), Math.floor(i / 144) % 3, i % 144];
      return image!.data[n * 432 + hw * 3 + c]!;
    });
    expectKerasOutputs(await session.predict(array(image!, nchw, [2, 3, 12, 12])), 'cnn');
    await session.release();
  });
});

describe('kerasbridge run', SPAWNS, () => {
  test('NAME=FILE.npy inputs of a .keras model, written to JSON', () => {
    const dir = scratch('multi-io');
    const result = run(dir, 'run', model('multi-io'), '--input', 'left=left.npy', '-i', 'right=right.npy', '-i', 'meta=meta.npy', '-o', 'out.json');
    expect(result.status, result.stderr).toBe(0);
    expectKerasOutputs(JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')).outputs, 'multi-io');
  });

  test('an .npz of the inputs and a legacy .h5 model, printed with --json', () => {
    const dir = scratch('multi-io');
    const result = run(dir, 'run', model('multi-io', 'model.h5'), '--input', 'inputs.npz', '--json');
    expect(result.status, result.stderr).toBe(0);
    expectKerasOutputs(JSON.parse(result.stdout).outputs, 'multi-io');
  });

  test('FILE.npy alone for a one-input model, printed as one line per output', () => {
    const dir = scratch('mlp-sequential');
    const result = run(dir, 'run', model('mlp-sequential'), '--input', 'features.npy');
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^probs \(2, 3\) float32: (-?\d\.\d+(e-?\d+)?, ){5}-?\d\.\d+(e-?\d+)?\n$/);
  });

  test('--cuda without CUDA installed: a warning line, then the CPU', () => {
    const dir = scratch('mlp-sequential');
    const result = run(dir, 'run', model('mlp-sequential'), '--input', 'features.npy', '--cuda', '-o', 'out.npz');
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/^warning: CUDA was requested but .*; running on the CPU\.\n$/);
    expectKerasOutputs(readNpz(new Uint8Array(readFileSync(join(dir, 'out.npz')))), 'mlp-sequential');
  });
});

/**
 * A Keras 2 config with a custom layer class: every built-in class has an ONNX lowering, so a class of the
 * user's own is the layer a Keras file can hold that kerasbridge cannot convert.
 */
const CUSTOM_LAYER_CONFIG = JSON.stringify({
  class_name: 'Functional',
  keras_version: '2.15.0',
  backend: 'tensorflow',
  config: {
    name: 'm',
    layers: [
      { class_name: 'InputLayer', name: 'q', config: { batch_input_shape: [null, 3, 4], dtype: 'float32', name: 'q' }, inbound_nodes: [] },
      { class_name: 'InputLayer', name: 'v', config: { batch_input_shape: [null, 5, 4], dtype: 'float32', name: 'v' }, inbound_nodes: [] },
      { class_name: 'MyAttention', name: 'att', config: { name: 'att' }, inbound_nodes: [[['q', 0, 0, {}], ['v', 0, 0, {}]]] },
    ],
    input_layers: [['q', 0, 0], ['v', 0, 0]],
    output_layers: [['att', 0, 0]],
  },
});

describe('bad input: exit 2, one line on stderr, no output file', SPAWNS, () => {
  const npy = (name: string) => fileURLToPath(new URL(`../fixtures/npy/${name}`, import.meta.url));
  const mlp = model('mlp-sequential');
  const rows: { name: string; args: string[]; output: string; message: RegExp }[] = [
    { name: 'convert: a missing file', args: ['convert', 'nope.h5', '-o', 'out.onnx'], output: 'out.onnx', message: /^kerasbridge convert: Cannot read 'nope\.h5': ENOENT.*Check the path\.$/ },
    { name: 'convert: an unsupported layer', args: ['convert', 'custom.json', '-o', 'out.onnx'], output: 'out.onnx', message: /^kerasbridge convert: Unknown layer class 'MyAttention' for layer 'att'/ },
    { name: 'convert: an opset out of range', args: ['convert', mlp, '-o', 'out.onnx', '--opset', '9'], output: 'out.onnx', message: /^kerasbridge convert: ONNX opset 9 is not supported/ },
    { name: 'convert: a batch that is no number', args: ['convert', mlp, '-o', 'out.onnx', '--batch', 'two'], output: 'out.onnx', message: /^kerasbridge convert: --batch takes a positive integer, but got 'two'\.$/ },
    { name: 'convert: a folder that does not exist', args: ['convert', mlp, '-o', 'no/out.onnx'], output: 'no', message: /^kerasbridge convert: Cannot write 'no\/out\.onnx' \(ENOENT\)\. Check that its folder exists and is writable\.$/ },
    { name: 'convert: no -o', args: ['convert', mlp], output: 'model.onnx', message: /^kerasbridge convert: Give the ONNX file to write with -o OUT\.onnx\./ },
    { name: 'run: a missing model', args: ['run', 'nope.onnx', '-i', 'features.npy', '-o', 'out.npz'], output: 'out.npz', message: /^kerasbridge run: Cannot read 'nope\.onnx'/ },
    { name: 'run: an unsupported layer', args: ['run', 'custom.json', '-i', 'q=features.npy', '-o', 'out.npz'], output: 'out.npz', message: /^kerasbridge run: Unknown layer class 'MyAttention' for layer 'att'/ },
    { name: 'run: a missing input file', args: ['run', mlp, '-i', 'features=nope.npy', '-o', 'out.npz'], output: 'out.npz', message: /^kerasbridge run: Cannot read 'nope\.npy' \(ENOENT\)\. Check the path\.$/ },
    { name: 'run: an unknown input name', args: ['run', mlp, '-i', 'feature=features.npy', '-o', 'out.npz'], output: 'out.npz', message: /^kerasbridge run: Unknown input name 'feature'\. The model's inputs are: features\.$/ },
    { name: 'run: a wrong shape', args: ['run', mlp, '-i', `features=${npy('float32.npy')}`, '-o', 'out.json'], output: 'out.json', message: /^kerasbridge run: Input 'features' expects shape \(None, 10\) \(None: any size\), but got \(2, 3\)\.$/ },
    { name: 'run: a wrong dtype', args: ['run', mlp, '-i', `features=${npy('int32.npy')}`, '-o', 'out.npz'], output: 'out.npz', message: /^kerasbridge run: Input 'features' expects float32 values, but got int32\. Convert them first \(in NumPy: x\.astype\('float32'\)\)\.$/ },
    { name: 'run: an unreadable .npy', args: ['run', mlp, '-i', 'features=custom.json', '-o', 'out.npz'], output: 'out.npz', message: /^kerasbridge run: 'custom\.json' is not a NumPy \.npy file/ },
    { name: 'run: a Fortran-order .npy', args: ['run', mlp, '-i', `features=${npy('fortran.npy')}`, '-o', 'out.npz'], output: 'out.npz', message: /is stored in Fortran \(column-major\) order; only C order is read\./ },
    { name: 'run: no inputs', args: ['run', mlp, '-o', 'out.npz'], output: 'out.npz', message: /^kerasbridge run: Give the model's inputs \(features\) with --input NAME=FILE\.npy or --input FILE\.npz\.$/ },
    { name: 'run: an output that is neither .npz nor .json', args: ['run', mlp, '-i', 'features.npy', '-o', 'out.txt'], output: 'out.txt', message: /^kerasbridge run: -o takes an \.npz or \.json file name, but got 'out\.txt'\.$/ },
  ];
  test.each(rows)('$name', ({ args, output, message }) => {
    const dir = scratch('mlp-sequential');
    writeFileSync(join(dir, 'custom.json'), CUSTOM_LAYER_CONFIG);
    const before = readdirSync(dir).sort();
    const result = run(dir, ...args);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.endsWith('\n') && result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr.trim()).toMatch(message);
    expect(readdirSync(dir).sort()).toEqual(before);
    expect(before).not.toContain(output);
  });

  test('a failed run leaves an existing output file as it was', () => {
    const dir = scratch('mlp-sequential');
    writeFileSync(join(dir, 'out.npz'), 'previous');
    expect(run(dir, 'run', mlp, '-i', `features=${npy('int32.npy')}`, '-o', 'out.npz').status).toBe(2);
    expect(readFileSync(join(dir, 'out.npz'), 'utf8')).toBe('previous');
  });
});

describe('CLI helpers', () => {
  test('the progress bar draws stages in place on a terminal, and nothing elsewhere', () => {
    const drawn: string[] = [];
    const bar = progressBar({ isTTY: true, write: (text: string) => drawn.push(text) }, ['importing', 'converting', 'writing']);
    bar.stage('importing');
    bar.stage('writing');
    bar.end();
    expect(drawn).toEqual(['\r\x1b[K[........................] 1/3 importing', '\r\x1b[K[################........] 3/3 writing', '\r\x1b[K']);
    const quiet: string[] = [];
    const off = progressBar({ isTTY: false, write: (text: string) => quiet.push(text) }, ['importing']);
    off.stage('importing');
    off.end();
    expect(quiet).toEqual([]);
  });

  test('an atomic write that fails leaves no temporary file and the old file untouched', async () => {
    const dir = tempDir();
    await writeFileAtomic(join(dir, 'a.json'), '1');
    await writeFileAtomic(join(dir, 'a.json'), '2');
    expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe('2');
    // A folder in the file's place: the rename fails after the temporary file was written.
    mkdirSync(join(dir, 'b.json'));
    await expect(writeFileAtomic(join(dir, 'b.json'), 'x')).rejects.toThrow(/Cannot write '.*b\.json' \(EISDIR\)/);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  test('a streamed atomic write that fails halfway leaves no temporary file, the old file untouched and the error as it was', async () => {
    const dir = tempDir();
    await writeFileAtomic(join(dir, 'm.onnx'), 'old');
    const failure = new KerasBridgeError('INVALID_ARGUMENT', 'stopped halfway');
    const written = streamFileAtomic(join(dir, 'm.onnx'), async (write) => {
      await write(new TextEncoder().encode('new, part 1'));
      throw failure;
    });
    await expect(written).rejects.toBe(failure);
    expect(readFileSync(join(dir, 'm.onnx'), 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['m.onnx']);
    expect(await streamFileAtomic(join(dir, 'm.onnx'), async (write) => (await write(new TextEncoder().encode('new')), 3))).toBe(3);
    expect(readFileSync(join(dir, 'm.onnx'), 'utf8')).toBe('new');
  });
});
