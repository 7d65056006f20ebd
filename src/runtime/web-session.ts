import type { Tensor } from 'onnxruntime-node';
import { onnxModelOf, type ModelSource, type ModelSourceOptions } from './model-source.js';
import { ortBackend } from './ort-backend.js';
import { sessionOver, type Session } from './session.js';
import { openOnWeb, type WebExecutionProvider, type WebRuntimeOptions } from './web-execution-providers.js';

export interface WebSessionOptions extends ModelSourceOptions, WebRuntimeOptions {
  /** `['wasm']` (the default) or `['webgpu', 'wasm']`: WebGPU where the browser has it, else WebAssembly and a line in `session.warnings`. */
  executionProviders?: readonly WebExecutionProvider[];
}

/** A session on onnxruntime-web: Node's `Session`, plus the WebAssembly threads it runs on. */
export interface WebSession extends Session {
  readonly threads: number;
}

/**
 * Opens a model on onnxruntime-web, with the same `predict()` as in Node: `.onnx` bytes, the bytes of any
 * Keras file (converted in memory with the given `opset` and `batch`), or a Functional model.
 *
 *   const session = await createSession(new Uint8Array(await file.arrayBuffer()), { fileName: file.name });
 *   const { probs } = await session.predict({ features: [[0.1, 0.2, ...]] });
 */
export async function createWebSession(model: ModelSource, options: WebSessionOptions = {}): Promise<WebSession> {
  const { bytes, fileName, warnings } = await onnxModelOf(model, options);
  const opened = await openOnWeb(bytes, fileName, options.executionProviders ?? ['wasm'], options);
  // The node and web packages share onnxruntime-common's classes, so the backend's node types fit.
  const session = sessionOver(ortBackend(opened.session, opened.ort.Tensor as typeof Tensor), {
    executionProvider: opened.provider,
    warnings: [...warnings, ...opened.warnings],
  });
  return { ...session, threads: opened.threads };
}
