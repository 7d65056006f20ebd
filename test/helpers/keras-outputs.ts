// What fixtures/generate.py recorded of Keras' predict() (a model's input batch and outputs), and how
// an export run by onnxruntime-node is held to it: the ONNX test suites over those folders share these.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { expect } from 'vitest';

/** One recorded tensor, row-major. */
export interface Recorded {
  readonly name: string;
  readonly shape: number[];
  readonly dtype: string;
  readonly data: number[];
}

export interface RecordedModel {
  readonly file: string;
  readonly input: Recorded[];
  readonly output: Recorded[];
}

/** The models of a fixture folder's reference.json. */
export function recordedModels(folder: URL): Record<string, RecordedModel> {
  return (JSON.parse(readFileSync(new URL('reference.json', folder), 'utf8')) as { models: Record<string, RecordedModel> }).models;
}

const feed = (t: Recorded) =>
  t.dtype === 'int32' ? new ort.Tensor('int32', Int32Array.from(t.data), t.shape) : new ort.Tensor('float32', Float32Array.from(t.data), t.shape);

/** Runs `bytes` on the recorded batch and returns the outputs in graph order. */
export async function predict(bytes: Uint8Array, batch: readonly Recorded[]): Promise<ort.Tensor[]> {
  const session = await ort.InferenceSession.create(bytes);
  const results = await session.run(Object.fromEntries(batch.map((t, i) => [session.inputNames[i]!, feed(t)])));
  const outputs = session.outputNames.map((name) => results[name]!);
  await session.release();
  return outputs;
}

/** Expects `actual` within 1e-4 + 1e-3·|keras| of Keras' output everywhere, and returns the largest |difference|. */
export function expectKerasOutput(actual: ort.Tensor, expected: Recorded, where: string): number {
  expect(actual.dims, `shape at ${where}`).toEqual(expected.shape);
  const ours = actual.data as Float32Array;
  const outside = expected.data.findIndex((b, k) => !(Math.abs(ours[k]! - b) <= 1e-4 + 1e-3 * Math.abs(b)));
  expect(outside, `${where}: element ${outside} is ${ours[outside]}, Keras ${expected.data[outside]}`).toBe(-1);
  return expected.data.reduce((worst, b, k) => Math.max(worst, Math.abs(ours[k]! - b)), 0);
}

const python = new URL('../../.venv/bin/python', import.meta.url);

/** The title and body of a test running `onnx.checker` (full check) over the `count` exports in `folder`, when the venv is there. */
export function checkerTest(folder: URL, count: number): [string, () => void] {
  if (!existsSync(python)) return ['onnx.checker full check: not run, Python is absent (.venv/bin/python)', () => {}];
  return [
    'onnx.checker full check passes on every export',
    () => {
      const report = execFileSync(python.pathname, [new URL('../../fixtures/check_onnx.py', import.meta.url).pathname, folder.pathname], { encoding: 'utf8' });
      expect(report).toMatch(new RegExp(`${count} of \\d+ pass`));
    },
  ];
}
