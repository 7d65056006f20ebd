import type { NdArray, IOSpec } from './nd-array.js';
import { normalizeInputs, type PredictInputs } from './inputs.js';

/** What an onnxruntime flavour (onnxruntime-node here, onnxruntime-web in browsers) provides: run arrays in graph order. */
export interface Backend {
  readonly inputs: readonly IOSpec[];
  readonly outputs: readonly IOSpec[];
  run(inputs: readonly NdArray[]): Promise<NdArray[]>;
  release(): Promise<void>;
}

/** An opened model: Keras' `predict()`, by input and output name. */
export interface Session {
  /** The Keras input names, in the model's order (also the ONNX graph's input names). */
  readonly inputNames: readonly string[];
  /** The Keras output names, in the model's order. */
  readonly outputNames: readonly string[];
  readonly inputs: readonly IOSpec[];
  readonly outputs: readonly IOSpec[];
  /** Where the model runs: the first requested execution provider that could be opened. */
  readonly executionProvider: string;
  /** What did not stop the session but the user should know, one line each (e.g. CUDA missing, so CPU). */
  readonly warnings: readonly string[];
  /** Runs the model; outputs are keyed by Keras output name, in the model's order. */
  predict(inputs: PredictInputs): Promise<Record<string, NdArray>>;
  /** Frees onnxruntime's native memory; the session cannot predict afterwards. */
  release(): Promise<void>;
}

export function sessionOver(backend: Backend, details: { executionProvider: string; warnings: readonly string[] }): Session {
  return {
    inputNames: backend.inputs.map((s) => s.name),
    outputNames: backend.outputs.map((s) => s.name),
    inputs: backend.inputs,
    outputs: backend.outputs,
    executionProvider: details.executionProvider,
    warnings: details.warnings,
    async predict(inputs) {
      const outputs = await backend.run(normalizeInputs(backend.inputs, inputs));
      return Object.fromEntries(backend.outputs.map((spec, i) => [spec.name, outputs[i]!]));
    },
    release: () => backend.release(),
  };
}
