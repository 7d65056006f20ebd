// The Node runtime. Nothing in ir/, importers/ or exporters/ imports this folder: the runtime is a leaf.
export { createSession, type SessionOptions } from './create-session.js';
export type { ExecutionProvider } from './execution-providers.js';
export type { ModelSource, ModelSourceOptions } from './model-source.js';
export type { Session } from './session.js';
export type { InputValue, NdArrayLike, PredictInputs } from './inputs.js';
export type { NestedArray } from './nested-arrays.js';
export type { NdArray, NdArrayDType, IOSpec, TypedArray } from './nd-array.js';
export { readNpy, writeNpy } from './npy.js';
export { readNpz, writeNpz } from './npz.js';
