// Messages between the page and its worker (src/web/worker/): the page asks, the worker imports, draws,
// converts and predicts, so that a large file never blocks the page.
import type { ModelJson } from '../cli/model-report.js';
import type { ErrorCode } from '../ir/errors.js';
import type { ExecutionProvider } from '../browser.js';

/** How the prediction's input is made: seeded random values, or arrays from the user's .npy/.npz files. */
export type InputChoice = { kind: 'random'; seed: number; batch: number } | { kind: 'files'; files: File[] };

export type Request =
  | { kind: 'open'; files: File[] }
  | { kind: 'draw'; showShapes: boolean; expandNested: boolean }
  | { kind: 'convert'; opset: number }
  /** `threads` is onnxruntime-web's WebAssembly thread count, taken when the first session starts (the page's `?threads=N`). */
  | { kind: 'predict'; provider: ExecutionProvider; input: InputChoice; threads?: number }
  | { kind: 'codegen' };

export interface OpenedModel {
  fileName: string;
  format: string;
  kerasVersion: string | null;
  backend: string | null;
  warnings: string[];
  model: ModelJson;
  /** Milliseconds from the first byte read to the imported model. */
  ms: number;
}

export interface Drawing {
  svg: string;
  ms: number;
}

export interface Converted {
  onnx: Uint8Array;
  opset: number;
  fileName: string;
  ms: number;
}

export interface Predicted {
  /** The conversion done first when the model was not converted yet (with the default opset). */
  converted?: Converted;
  /** One line per output: name, shape, dtype, first values. */
  description: string;
  /** The inputs and outputs as .npz files, to download. */
  inputsNpz: Uint8Array;
  outputsNpz: Uint8Array;
  provider: string;
  threads: number;
  warnings: string[];
  sessionMs: number;
  predictMs: number;
}

export interface Generated {
  text: string;
  fileName: string;
  ms: number;
}

export interface Replies {
  open: OpenedModel;
  draw: Drawing;
  convert: Converted;
  predict: Predicted;
  codegen: Generated;
}

/** A failure as the page shows it: the library's message, which says what is wrong and what to do. */
export interface FailureInfo {
  message: string;
  code?: ErrorCode;
}

/** Stages of long work, shown in the page's progress bar; `done`/`total` in bytes while reading. */
export interface Progress {
  stage: string;
  done?: number;
  total?: number;
}

export type WorkerMessage =
  | { id: number; ok: true; value: Replies[Request['kind']] }
  | { id: number; ok: false; error: FailureInfo }
  | { id: number; progress: Progress };
