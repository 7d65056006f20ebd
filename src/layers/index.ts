import type { LayerDefinition, LegacyClass } from '../ir/define-layer.js';
import { classRegistry } from '../ir/registry.js';
import { Activation } from './activation.js';
import { Attention } from './attention.js';
import { ELU, LeakyReLU, PReLU, ReLU, Softmax } from './advanced-activations.js';
import { CONV_LEGACY_CLASSES, Conv1D, Conv2D, Conv3D } from './conv.js';
import { ConvLSTM1D, ConvLSTM2D, ConvLSTM3D } from './conv-lstm.js';
import { Conv1DTranspose, Conv2DTranspose, Conv3DTranspose } from './conv-transpose.js';
import { DepthwiseConv1D, DepthwiseConv2D, SeparableConv1D, SeparableConv2D } from './depthwise-conv.js';
import { Dense } from './dense.js';
import { Dropout } from './dropout.js';
import { Embedding } from './embedding.js';
import { LayerScale } from './layer-scale.js';
import { LocallyConnected1D, LocallyConnected2D } from './locally-connected.js';
import { Masking } from './masking.js';
import { Add, Average, Concatenate, Dot, MERGE_LEGACY_CLASSES, Maximum, Minimum, Multiply, Subtract } from './merge.js';
import { BatchNormalization, LayerNormalization } from './normalization.js';
import {
  AveragePooling1D, AveragePooling2D, AveragePooling3D, GlobalAveragePooling1D, GlobalAveragePooling2D,
  GlobalAveragePooling3D, GlobalMaxPooling1D, GlobalMaxPooling2D, GlobalMaxPooling3D, MaxPooling1D,
  MaxPooling2D, MaxPooling3D,
} from './pooling.js';
import { Normalization, Rescaling } from './preprocessing.js';
import {
  ActivityRegularization, AlphaDropout, GaussianDropout, GaussianNoise, SpatialDropout1D, SpatialDropout2D,
  SpatialDropout3D,
} from './regularization.js';
import { Flatten, Permute, RepeatVector, Reshape } from './reshaping.js';
import { GRU, LSTM, RNN_LEGACY_CLASSES, SimpleRNN } from './rnn.js';
import {
  Cropping1D, Cropping2D, Cropping3D, UpSampling1D, UpSampling2D, UpSampling3D, ZeroPadding1D, ZeroPadding2D,
  ZeroPadding3D,
} from './spatial-reshaping.js';
import { Bidirectional, TimeDistributed, WRAPPER_LEGACY_CLASSES } from './wrappers.js';

export * from './activation.js';
export * from './attention.js';
export * from './advanced-activations.js';
export * from './conv.js';
export * from './conv-lstm.js';
export * from './conv-transpose.js';
export * from './depthwise-conv.js';
export * from './dense.js';
export * from './dropout.js';
export * from './embedding.js';
export * from './layer-scale.js';
export * from './locally-connected.js';
export * from './masking.js';
export * from './merge.js';
export * from './normalization.js';
export * from './pooling.js';
export * from './preprocessing.js';
export * from './regularization.js';
export * from './reshaping.js';
export * from './rnn.js';
export * from './spatial-reshaping.js';
export * from './wrappers.js';

/** Every layer class kerasbridge knows, by factory; the registry is built from this list alone. */
export const BUILTIN_LAYERS = [
  Activation, Attention, LocallyConnected1D, LocallyConnected2D, ActivityRegularization, Add, AlphaDropout, Average, AveragePooling1D, AveragePooling2D,
  AveragePooling3D, BatchNormalization, Bidirectional, Concatenate, Conv1D, Conv1DTranspose, Conv2D,
  Conv2DTranspose, Conv3D, Conv3DTranspose, ConvLSTM1D, ConvLSTM2D, ConvLSTM3D, Cropping1D, Cropping2D, Cropping3D,
  Dense, DepthwiseConv1D, DepthwiseConv2D, Dot, Dropout, ELU, Embedding, Flatten, GaussianDropout, GaussianNoise,
  GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalAveragePooling3D, GlobalMaxPooling1D, GlobalMaxPooling2D,
  GlobalMaxPooling3D, GRU, LayerNormalization, LayerScale, LeakyReLU, LSTM, Masking, Maximum, MaxPooling1D, MaxPooling2D,
  MaxPooling3D, Minimum, Multiply, Normalization, Permute, PReLU, ReLU, RepeatVector, Rescaling, Reshape,
  SeparableConv1D, SeparableConv2D, SimpleRNN, Softmax, SpatialDropout1D, SpatialDropout2D, SpatialDropout3D,
  Subtract, TimeDistributed, UpSampling1D, UpSampling2D, UpSampling3D, ZeroPadding1D, ZeroPadding2D, ZeroPadding3D,
].map((factory) => factory.definition as LayerDefinition<object>);

/** Class names of older Keras that map onto current classes; filled by each family's file. */
export const LEGACY_CLASSES: readonly LegacyClass[] = [
  ...CONV_LEGACY_CLASSES, ...MERGE_LEGACY_CLASSES, ...RNN_LEGACY_CLASSES, ...WRAPPER_LEGACY_CLASSES,
];

export type LayerRegistry = ReadonlyMap<string, LayerDefinition<object>>;

/** Class name to definition; user layers override built-ins, a class listed twice is an error. */
export function createRegistry(
  builtins: readonly LayerDefinition<object>[] = BUILTIN_LAYERS,
  userLayers: readonly LayerDefinition<object>[] = [],
): LayerRegistry {
  return classRegistry('Layer', builtins, userLayers);
}
