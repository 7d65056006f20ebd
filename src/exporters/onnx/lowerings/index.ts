import { KerasBridgeError } from '../../../ir/errors.js';
import type { LoweringEntry } from '../graph.js';
import { ACTIVATION_LOWERING } from './activations.js';
import { ADVANCED_ACTIVATION_LOWERINGS } from './advanced-activations.js';
import { ATTENTION_LOWERING } from './attention.js';
import { CONV_LOWERINGS } from './conv.js';
import { CONV_LSTM_LOWERINGS } from './conv-lstm.js';
import { CONV_TRANSPOSE_LOWERINGS } from './conv-transpose.js';
import { DENSE_LOWERING } from './dense.js';
import { DEPTHWISE_CONV_LOWERINGS } from './depthwise-conv.js';
import { DOT_LOWERING } from './dot.js';
import { INFERENCE_IDENTITY_LOWERINGS } from './dropout.js';
import { EMBEDDING_LOWERING } from './embedding.js';
import { LAYER_SCALE_LOWERING } from './layer-scale.js';
import { LOCALLY_CONNECTED_LOWERINGS } from './locally-connected.js';
import { MASKING_LOWERING } from './masking.js';
import { MERGE_LOWERINGS } from './merge.js';
import { NORMALIZATION_LOWERINGS } from './normalization.js';
import { NOT_YET_LOWERED } from './not-yet.js';
import { POOLING_LOWERINGS } from './pooling.js';
import { PREPROCESSING_LOWERINGS } from './preprocessing.js';
import { RECURRENT_LOWERINGS } from './recurrent.js';
import { RESHAPING_LOWERINGS } from './reshaping.js';
import { SPATIAL_RESHAPING_LOWERINGS } from './spatial-reshaping.js';
import { WRAPPER_LOWERINGS } from './wrappers.js';

/**
 * How every built-in layer class is exported, keyed by Keras class name: a lowering, or a "not yet"
 * entry saying what is missing. InputLayer and nested models are handled by the graph walk itself.
 */
export const BUILTIN_LOWERINGS: readonly LoweringEntry[] = [
  ACTIVATION_LOWERING, ...ADVANCED_ACTIVATION_LOWERINGS, ...CONV_LOWERINGS, DENSE_LOWERING, ...INFERENCE_IDENTITY_LOWERINGS,
  EMBEDDING_LOWERING, ...MERGE_LOWERINGS, ...NORMALIZATION_LOWERINGS, ...POOLING_LOWERINGS, ...PREPROCESSING_LOWERINGS,
  ...RESHAPING_LOWERINGS, ...SPATIAL_RESHAPING_LOWERINGS, ...NOT_YET_LOWERED,
  ...CONV_LSTM_LOWERINGS, ...CONV_TRANSPOSE_LOWERINGS, ...DEPTHWISE_CONV_LOWERINGS, ...LOCALLY_CONNECTED_LOWERINGS,
  ...RECURRENT_LOWERINGS, ...WRAPPER_LOWERINGS, DOT_LOWERING, ATTENTION_LOWERING, MASKING_LOWERING, LAYER_SCALE_LOWERING,
];

/** Class name to lowering; user entries replace built-in ones, a class listed twice among either is an error. */
export function createLoweringTable(
  builtins: readonly LoweringEntry[] = BUILTIN_LOWERINGS,
  userLowerings: readonly LoweringEntry[] = [],
): ReadonlyMap<string, LoweringEntry> {
  const table = new Map<string, LoweringEntry>();
  for (const [entries, what] of [[builtins, 'built-in'], [userLowerings, 'given']] as const) {
    const seen = new Set<string>();
    for (const entry of entries) {
      if (seen.has(entry.className)) {
        throw new KerasBridgeError('DUPLICATE_NAME', `Layer class '${entry.className}' has two ${what} ONNX lowerings; list each class once.`);
      }
      seen.add(entry.className);
      table.set(entry.className, entry);
    }
  }
  return table;
}
