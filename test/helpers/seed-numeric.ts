// What fixtures/generate.py's seed-numeric sections record of Keras' predict() on each seed example's
// models, and how the TypeScript ports' exports are fed and held to it: test/seed-numeric.test.ts (the
// committed fixtures) and test/seed-large.test.ts (the VQA models, from the ignored cache) share these.
import * as ort from 'onnxruntime-node';
import { expect } from 'vitest';
import { clearSession, type Functional } from 'kerasbridge';
import { SEED_EXAMPLES } from '../../examples/index.js';

export interface InputSpec {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  /** For an int input, the input_dim of the Embedding it feeds. */
  inputDim?: number;
}

/** Keras' output, every `stride`-th value of it (inception's alone holds 25M values). */
export interface RecordedOutput {
  name: string;
  shape: number[];
  stride: number;
  data: number[];
}

export interface SeedNumericModel {
  input: InputSpec[];
  output: RecordedOutput[];
}

/**
 * Input `index` as generate.py's _seed_numeric_input writes it: v_i = (7919·i + 104729·(index + 1)) mod
 * 2003, then v mod input_dim for an Embedding's ids, or v / 1001 - 1 rounded to float32. Every step is exact or one IEEE operation, so the values are Keras'.
 */
export function seededInput(index: number, spec: InputSpec): ort.Tensor {
  const size = spec.shape.reduce((a, b) => a * b, 1);
  const values = (i: number) => (7919 * i + 104729 * (index + 1)) % 2003;
  if (spec.dtype === 'int32') return new ort.Tensor('int32', Int32Array.from({ length: size }, (_, i) => values(i) % spec.inputDim!), spec.shape);
  return new ort.Tensor('float32', Float32Array.from({ length: size }, (_, i) => values(i) / 1001 - 1), spec.shape);
}

/** Issue #4's absolute tolerance: 1e-4 + 1e-3·|keras|. */
export const ISSUE_ATOL = 1e-4;

/** The largest |ours - keras| over the recorded values, after checking the shape and each value's tolerance, atol + 1e-3·|keras|. */
export function compareRecorded(ours: ort.Tensor, expected: RecordedOutput, atol = ISSUE_ATOL): number {
  expect(ours.dims, `shape of ${expected.name}`).toEqual(expected.shape);
  const data = ours.data as Float32Array;
  let max = 0;
  expected.data.forEach((b, j) => {
    const i = j * expected.stride;
    const error = Math.abs(data[i]! - b);
    if (!(error <= atol + 1e-3 * Math.abs(b))) expect.fail(`${expected.name}[${i}]: ONNX gives ${data[i]}, Keras ${b} (|Δ| = ${error}, over ${atol} + 1e-3·|keras|)`);
    max = Math.max(max, error);
  });
  return max;
}

/**
 * Runs the ONNX model on the seeded batch of `recorded`, holds every output to Keras' (within
 * `atol(output)` + 1e-3·|keras|) and returns the largest |onnxruntime - keras| per output, as one line for the log.
 */
export async function runAgainstKeras(onnx: Uint8Array, recorded: SeedNumericModel, atol = (_: RecordedOutput) => ISSUE_ATOL): Promise<string> {
  const session = await ort.InferenceSession.create(onnx);
  try {
    const feeds = Object.fromEntries(session.inputNames.map((name, i) => [name, seededInput(i, recorded.input[i]!)]));
    const results = await session.run(feeds);
    const errors = session.outputNames.map((name, i) => compareRecorded(results[name]!, recorded.output[i]!, atol(recorded.output[i]!)));
    return `max |onnxruntime - keras| ${errors.map((e, i) => `${recorded.output[i]!.name} ${e.toExponential(1)}`).join(', ')}`;
  } finally {
    await session.release();
  }
}

/** The models of a seed example, keyed as the example returns them, built afresh. */
export function seedModels(build: (typeof SEED_EXAMPLES)[keyof typeof SEED_EXAMPLES]): Record<string, Functional> {
  clearSession();
  return build().models as Record<string, Functional>;
}

/** Every model of every seed example, as `<example>-<model key>`. */
export function seedModelIds(): string[] {
  return Object.entries(SEED_EXAMPLES).flatMap(([name, build]) => Object.keys(seedModels(build)).map((k) => `${name}-${k}`));
}

/** The model `<example>-<model key>`, built afresh. */
export function buildSeedModel(id: string): Functional {
  const [name, build] = Object.entries(SEED_EXAMPLES).find(([name]) => id.startsWith(`${name}-`))!;
  return seedModels(build)[id.slice(name.length + 1)]!;
}
