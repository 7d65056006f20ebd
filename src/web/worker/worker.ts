// The page's worker: everything that takes time on a large model (reading, importing, drawing, converting,
// predicting, codegen) runs here, through the library's browser entry, while the page stays responsive.
import { describeOutputs } from '../../cli/run-outputs.js';
import { modelToJson } from '../../cli/model-report.js';
import { createSession, generateTypeScript, importFileBytes, KerasBridgeError, toOnnx, writeNpz, type ExecutionProvider, type ImportedFiles, type Session } from '../../browser.js';
import { plotModel } from '../../plot/index.js';
import type { FailureInfo, Progress, Replies, Request, WorkerMessage } from '../protocol.js';
import { inputsFromFiles, randomInputs } from './input-arrays.js';
import { readFiles } from './read-files.js';

interface Loaded {
  imported: ImportedFiles;
  onnx?: Uint8Array;
  sessions: Map<ExecutionProvider, Session & { threads: number }>;
}

const DEFAULT_OPSET = 18;
let loaded: Loaded | undefined;

const post = (message: WorkerMessage) => (self as unknown as Worker).postMessage(message);
const stem = (name: string) => name.replace(/\.(h5|hdf5|keras|json)$/i, '');

function current(): Loaded {
  if (loaded === undefined) throw new KerasBridgeError('INVALID_ARGUMENT', 'No model is open. Pick a Keras file first.');
  return loaded;
}

async function releaseSessions(model: Loaded | undefined): Promise<void> {
  if (model === undefined) return;
  await Promise.all([...model.sessions.values()].map((s) => s.release()));
  model.sessions.clear();
}

function convert(model: Loaded, opset: number): Replies['convert'] {
  const started = performance.now();
  const bytes = toOnnx(model.imported.model, { opset });
  model.onnx = bytes;
  return { onnx: bytes, opset, fileName: `${stem(model.imported.fileName)}.onnx`, ms: performance.now() - started };
}

const handlers: { [K in Request['kind']]: (request: Extract<Request, { kind: K }>, progress: (p: Progress) => void) => Promise<Replies[K]> } = {
  async open({ files }, progress) {
    const started = performance.now();
    const read = await readFiles(files, (done, total) => progress({ stage: 'Reading', done, total }));
    progress({ stage: 'Importing' });
    const imported = await importFileBytes(read);
    await releaseSessions(loaded);
    loaded = { imported, sessions: new Map() };
    const { fileName, format, kerasVersion, backend, warnings, model } = imported;
    return { fileName, format, kerasVersion: kerasVersion ?? null, backend: backend ?? null, warnings, model: modelToJson(model), ms: performance.now() - started };
  },

  async draw({ showShapes, expandNested }) {
    const started = performance.now();
    const svg = plotModel(current().imported.model, { showShapes, expandNested });
    return { svg, ms: performance.now() - started };
  },

  async convert({ opset }, progress) {
    const model = current();
    progress({ stage: 'Converting to ONNX' });
    await releaseSessions(model);
    return convert(model, opset);
  },

  async predict({ provider, input, threads }, progress) {
    const model = current();
    if (model.onnx === undefined) progress({ stage: 'Converting to ONNX' });
    const converted = model.onnx === undefined ? convert(model, DEFAULT_OPSET) : undefined;
    let sessionMs = 0;
    let session = model.sessions.get(provider);
    if (session === undefined) {
      progress({ stage: provider === 'webgpu' ? 'Starting onnxruntime-web (WebGPU)' : 'Starting onnxruntime-web (WebAssembly)' });
      const started = performance.now();
      session = await createSession(model.onnx!, {
        fileName: `${stem(model.imported.fileName)}.onnx`,
        executionProviders: provider === 'webgpu' ? ['webgpu', 'wasm'] : ['wasm'],
        numThreads: threads,
      });
      sessionMs = performance.now() - started;
      model.sessions.set(provider, session);
    }
    const inputs = input.kind === 'random' ? randomInputs(session.inputs, input.seed, input.batch) : await inputsFromFiles(input.files, session.inputNames);
    progress({ stage: 'Predicting' });
    const started = performance.now();
    const outputs = await session.predict(inputs);
    const predictMs = performance.now() - started;
    return {
      converted,
      description: describeOutputs(outputs),
      inputsNpz: writeNpz(inputs),
      outputsNpz: writeNpz(outputs),
      provider: session.executionProvider,
      threads: session.threads,
      warnings: [...session.warnings],
      sessionMs,
      predictMs,
    };
  },

  async codegen(_request, progress) {
    const model = current();
    progress({ stage: 'Generating TypeScript (loading the TypeScript printer)' });
    const started = performance.now();
    const text = await generateTypeScript(model.imported.model, { source: model.imported.fileName });
    return { text, fileName: `${stem(model.imported.fileName)}.ts`, ms: performance.now() - started };
  },
};

function failure(error: unknown): FailureInfo {
  if (error instanceof KerasBridgeError) return { message: error.message, code: error.code };
  return { message: `Something went wrong that kerasbridge did not foresee: ${error instanceof Error ? error.message : String(error)}. Please report it with the file.` };
}

self.onmessage = async (event: MessageEvent<{ id: number; request: Request }>) => {
  const { id, request } = event.data;
  try {
    const handler = handlers[request.kind] as (r: Request, p: (p: Progress) => void) => Promise<Replies[Request['kind']]>;
    const value = await handler(request, (progress) => post({ id, progress }));
    post({ id, ok: true, value });
  } catch (error) {
    post({ id, ok: false, error: failure(error) });
  }
};
