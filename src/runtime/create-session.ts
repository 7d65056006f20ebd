import type { ExecutionProvider } from './execution-providers.js';
import { onnxModelOf, type ModelSource, type ModelSourceOptions } from './model-source.js';
import { ortBackend } from './ort-backend.js';
import { sessionOver, type Session } from './session.js';

export interface SessionOptions extends ModelSourceOptions {
  /** `['cpu']` (the default) or `['cuda', 'cpu']`: CUDA when installed, else the CPU and a line in `session.warnings`. */
  executionProviders?: readonly ExecutionProvider[];
}

/**
 * Opens a model on onnxruntime-node: an `.onnx` file or bytes, any Keras file (converted in memory with the
 * given `opset` and `batch`), or a Functional model.
 *
 *   const session = await createSession('model.keras');
 *   const { probs } = await session.predict({ features: [[0.1, 0.2, ...]] });
 */
export async function createSession(model: ModelSource, options: SessionOptions = {}): Promise<Session> {
  const { bytes, fileName, warnings } = await onnxModelOf(model, options);
  // Loaded here, not at import time: the native addon is large, and 'kerasbridge' must stay importable in browsers.
  const [ort, { openOnNode }] = await Promise.all([import('onnxruntime-node'), import('./execution-providers.js')]);
  const opened = await openOnNode(ort, bytes, fileName, options.executionProviders ?? ['cpu']);
  return sessionOver(ortBackend(opened.session, ort.Tensor), { executionProvider: opened.provider, warnings: [...warnings, ...opened.warnings] });
}
