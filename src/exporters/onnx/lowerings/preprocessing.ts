import type { NestedNumbers, RescalingConfig } from '../../../layers/preprocessing.js';
import type { Lowering, OnnxGraph, Value } from '../graph.js';
import { ONNX_DATA_TYPE, float32Tensor } from '../tensor-data.js';

/** A Keras array argument as a constant, its nesting giving its shape. */
function nestedConstant(g: OnnxGraph, value: NestedNumbers): Value {
  const dims: number[] = [];
  for (let v = value; Array.isArray(v); v = (v as readonly NestedNumbers[])[0]!) dims.push((v as readonly NestedNumbers[]).length);
  return g.constant(float32Tensor([value].flat(Infinity as 1) as number[], dims));
}

/** `cast(x, float32) * scale + offset` (keras/src/layers/preprocessing/rescaling.py). */
const RESCALING_LOWERING: Lowering<RescalingConfig> = {
  className: 'Rescaling',
  lower(g, call, [x]) {
    const floats = call.inputs[0]!.dtype === 'float32' ? x! : g.op('Cast', [x!], { to: ONNX_DATA_TYPE.float32 });
    return [g.op('Add', [g.op('Mul', [floats, nestedConstant(g, call.config.scale)]), nestedConstant(g, call.config.offset)])];
  },
};

export const PREPROCESSING_LOWERINGS = [RESCALING_LOWERING];
