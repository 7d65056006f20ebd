// Keras tensors are channels-last; ONNX convolutions and pooling are channels-first. Lowerings wrap
// such ops in a pair of plain Transposes, which a layout pass can later push out and cancel.
import type { DataFormat } from '../../../layers/common.js';
import type { OnnxGraph, Value } from '../graph.js';

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

/** Runs a channels-first op on `x` of rank `rank` in the layer's `data_format`. */
export function inChannelsFirst(g: OnnxGraph, x: Value, rank: number, format: DataFormat, run: (x: Value) => Value): Value {
  if (format === 'channels_first') return run(x);
  const first = g.op('Transpose', [x], { perm: [0, rank - 1, ...range(1, rank - 1)] });
  return g.op('Transpose', [run(first)], { perm: [0, ...range(2, rank), 1] });
}

/** The spatial axes of a tensor of rank `rank` in `format`. */
export function spatialAxes(rank: number, format: DataFormat): number[] {
  return format === 'channels_last' ? range(1, rank - 1) : range(2, rank);
}
