// Keras masks as ONNX bool values, (batch, steps) true on the steps kept. A mask is written only when
// a lowering reads it, so a model whose masks reach no layer that applies them exports as it would
// without them.
import { KerasBridgeError } from '../../ir/errors.js';
import type { MaskOps } from '../../ir/masks.js';
import { resolveAxis } from '../../ir/shape.js';
import type { TensorSpec } from '../../ir/tensor.js';
import type { OnnxGraph, Value } from './graph.js';
import type { GraphBuilder } from './graph-builder.js';
import { ONNX_DATA_TYPE } from './tensor-data.js';

/** A mask whose nodes are written, once, on first use, under the name of the layer that computes it. */
export type LazyMask = () => Value;

/** A mask that is already a value (one TimeDistributed hands to the layer it wraps). */
export const givenMask = (value: Value): LazyMask => () => value;

/** Where `x` differs from `value`, compared in `x`'s type (float32 for types the constants lack). */
export function differsFrom(g: OnnxGraph, x: Value, spec: TensorSpec, value: number): Value {
  const dtype = spec.dtype;
  const comparable = dtype === 'float32' || dtype === 'int32' || dtype === 'int64' ? x : g.op('Cast', [x], { to: ONNX_DATA_TYPE.float32 });
  const constant =
    dtype === 'int32' ? g.constant({ dtype, dims: [], data: Int32Array.of(value) })
    : dtype === 'int64' ? g.constant({ dtype, dims: [], data: BigInt64Array.of(BigInt(value)) })
    : g.scalar(value);
  return g.op('Not', [g.op('Equal', [comparable, constant])]);
}

/** True where any element along the last axis of the bool `b` (of rank `rank`) is. */
export function anyOverLastAxis(g: OnnxGraph, b: Value, rank: number, keepdims: boolean): Value {
  const max = g.reduce('ReduceMax', g.op('Cast', [b], { to: ONNX_DATA_TYPE.float32 }), [rank - 1], keepdims);
  return g.op('Cast', [max], { to: ONNX_DATA_TYPE.bool });
}

/** Where a call's masks are written: the layer's name scope, and its inputs. */
export interface MaskSite {
  readonly scope: string;
  readonly layerName: string;
  readonly inputs: readonly Value[];
  readonly specs: readonly TensorSpec[];
  readonly outputs: readonly TensorSpec[];
}

/** The mask rules' operations over ONNX, for the output masks of one call. */
export function onnxMaskOps(g: GraphBuilder, site: MaskSite): MaskOps<LazyMask> {
  const lazy = (dependencies: readonly LazyMask[], write: (masks: Value[]) => Value): LazyMask => {
    let value: Value | undefined;
    return () => {
      if (value === undefined) {
        const masks = dependencies.map((m) => m());
        g.enterLayer(site.scope, site.layerName);
        value = write(masks);
      }
      return value;
    };
  };
  return {
    kerasMajor: g.kerasMajor,
    differs: (input, value, overLastAxis) =>
      lazy([], () => {
        const differs = differsFrom(g, site.inputs[input]!, site.specs[input]!, value);
        return overLastAxis ? anyOverLastAxis(g, differs, site.specs[input]!.shape.length, false) : differs;
      }),
    or: (a, b) => lazy([a, b], ([x, y]) => g.op('Or', [x!, y!])),
    concatenate: (masks, axis) =>
      lazy(
        masks.filter((m) => m !== undefined),
        (values) => {
          // Each input's mask over that input's whole shape, all ones for an input without one.
          let next = 0;
          const spread = site.inputs.map((x, i) => {
            const shape = g.op('Shape', [x]);
            const mask = masks[i] && g.op('Cast', [g.unsqueeze(values[next++]!, [-1])], { to: ONNX_DATA_TYPE.float32 });
            return g.op('Expand', [mask ?? g.scalar(1), shape]);
          });
          const rank = site.outputs[0]!.shape.length;
          const joined = g.op('Concat', spread, { axis: resolveAxis(axis, rank) });
          return g.op('Cast', [g.reduce('ReduceMax', joined, [rank - 1], false)], { to: ONNX_DATA_TYPE.bool });
        },
      ),
    unsupported(reason) {
      throw new KerasBridgeError('UNSUPPORTED_LAYER', `Layer '${site.layerName}' cannot be lowered: ${reason}.`, { layer: site.layerName });
    },
  };
}
