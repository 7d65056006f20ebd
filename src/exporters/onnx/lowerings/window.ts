import type { Dim } from '../../../ir/shape.js';
import type { Attributes } from '../attributes.js';

/** A sliding window along the spatial axes: convolutions and pooling. */
export interface Window {
  readonly kernel: readonly number[];
  readonly strides: readonly number[];
  readonly dilations: readonly number[];
  readonly padding: 'valid' | 'same' | 'causal';
}

/**
 * ONNX `pads` for Keras' padding. TensorFlow's 'same' pads max((⌈n/s⌉ - 1)·s + (k - 1)·d + 1 - n, 0)
 * in total, the odd element after (tf.nn.convolution; ONNX's SAME_UPPER says the same), and 'causal'
 * pads (k - 1)·d before only (Keras' Conv1D._compute_causal_padding). The pads are explicit wherever
 * the spatial sizes are known or do not matter (stride 1); otherwise SAME_UPPER computes them at run time.
 */
export function windowPadding(spatial: readonly Dim[], { kernel, strides, dilations, padding }: Window): Attributes {
  const span = kernel.map((k, i) => (k - 1) * dilations[i]! + 1);
  if (padding === 'valid') return {};
  if (padding === 'causal') return { pads: [...span.map((e) => e - 1), ...span.map(() => 0)] };
  if (spatial.some((n, i) => n === null && strides[i] !== 1)) return { auto_pad: 'SAME_UPPER' };
  const totals = spatial.map((n, i) => (n === null ? span[i]! - 1 : Math.max((Math.ceil(n / strides[i]!) - 1) * strides[i]! + span[i]! - n, 0)));
  return { pads: [...totals.map((t) => Math.floor(t / 2)), ...totals.map((t) => t - Math.floor(t / 2))] };
}
