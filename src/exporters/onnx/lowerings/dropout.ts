import type { Lowering } from '../graph.js';

/** Layers that only act in training: at inference they pass their input on, and add no node. */
const identity = (className: string): Lowering => ({ className, lower: (_g, _call, inputs) => [...inputs] });

export const INFERENCE_IDENTITY_LOWERINGS = [
  'Dropout', 'SpatialDropout1D', 'SpatialDropout2D', 'SpatialDropout3D', 'GaussianDropout', 'GaussianNoise', 'AlphaDropout',
  'ActivityRegularization',
].map(identity);
