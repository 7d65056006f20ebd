/**
 * kerasbridge in browsers (the "browser" condition of the package's exports): everything the Node entry
 * has, with `createSession` on onnxruntime-web instead of onnxruntime-node, and `importFiles` for the files
 * a user picks or drops. Nothing reachable from here loads a Node module: sources are bytes, not paths.
 *
 *   const { model, format } = await importFiles(input.files);
 *   const session = await createSession(model);                   // WebAssembly; ['webgpu', 'wasm'] for the GPU
 *   const { probs } = await session.predict({ image: pixels });
 */
export * from './index.js';
export { createWebSession as createSession, type WebSession as Session, type WebSessionOptions as SessionOptions } from './runtime/web-session.js';
export type { WebExecutionProvider as ExecutionProvider } from './runtime/web-execution-providers.js';
export { importFiles, importFileBytes, type PickedFile, type FileBytes, type ImportedFiles } from './browser/model-files.js';
