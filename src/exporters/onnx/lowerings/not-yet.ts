import type { NotYetLowered } from '../graph.js';

const notYet = (reason: string, classNames: readonly string[]): NotYetLowered[] => classNames.map((className) => ({ className, notYet: reason }));

/** Keras classes kerasbridge imports but cannot export yet (issue #4), with what is missing. */
export const NOT_YET_LOWERED: readonly NotYetLowered[] = [
  ...notYet('recurrent layers need ONNX RNN/LSTM/GRU with the gate order converted', ['SimpleRNN', 'LSTM', 'GRU', 'Bidirectional']),
  ...notYet('convolutional recurrent layers have no ONNX op and need a Loop', ['ConvLSTM1D', 'ConvLSTM2D', 'ConvLSTM3D']),
  ...notYet('wrapped layers and models are not inlined per time step yet', ['TimeDistributed']),
  ...notYet('depthwise and separable kernels are not converted yet', ['DepthwiseConv1D', 'DepthwiseConv2D', 'SeparableConv1D', 'SeparableConv2D']),
  ...notYet('ConvTranspose with Keras output_padding is not lowered yet', ['Conv1DTranspose', 'Conv2DTranspose', 'Conv3DTranspose']),
  ...notYet('per-position kernels are not lowered yet', ['LocallyConnected1D', 'LocallyConnected2D']),
  ...notYet('Keras masks are not propagated to the layers that use them yet', ['Masking']),
  ...notYet('batched dot products and attention are not lowered yet', ['Dot', 'Attention']),
  ...notYet('adapted statistics are not lowered yet', ['Normalization']),
];
