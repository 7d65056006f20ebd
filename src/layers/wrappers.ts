import { KerasBridgeError } from '../ir/errors.js';
import { layerFactory } from '../ir/define-layer.js';
import type { Layer } from '../ir/layer.js';
import { formatShape } from '../ir/shape.js';
import type { LayerOutput, TensorSpec } from '../ir/tensor.js';
import { onlyInput } from './common.js';

export interface TimeDistributedConfig {
  /** The layer or model applied to every time step; its weights are shared across steps. */
  layer: Layer<LayerOutput>;
}

/** The spec one time step has: the input without its time axis. */
function stepSpec(inputs: TensorSpec[]): TensorSpec {
  const x = onlyInput(inputs);
  if (x.shape.length < 3) {
    throw new KerasBridgeError(
      'INCOMPATIBLE_SHAPES',
      `\`TimeDistributed\` Layer should be passed an input with at least 3 dimensions, received: ${formatShape(x.shape)}.`,
    );
  }
  return { shape: [x.shape[0]!, ...x.shape.slice(2)], dtype: x.dtype };
}

/** Applies a layer (or a whole model) to every temporal slice of its input. */
export const TimeDistributed = layerFactory<TimeDistributedConfig, [layer: Layer<LayerOutput>]>({
  className: 'TimeDistributed',
  defaults: { layer: undefined as unknown as Layer<LayerOutput> },
  positional: ['layer'],
  required: ['layer'],
  normalize(c) {
    if (typeof c.layer !== 'function' || !('computeOutputSpecs' in c.layer)) {
      throw new KerasBridgeError('INVALID_ARGUMENT', `Please initialize \`TimeDistributed\` layer with a layer or model instance. Received: ${String(c.layer)}.`);
    }
    return c;
  },
  sublayers: (c) => [c.layer],
  buildSublayers(c, inputs) {
    c.layer.buildFor([stepSpec(inputs)]);
  },
  outputSpecs(c, inputs) {
    const steps = onlyInput(inputs).shape[1]!;
    return c.layer.computeOutputSpecs([stepSpec(inputs)], {}).map((s) => ({ shape: [s.shape[0]!, steps, ...s.shape.slice(1)], dtype: s.dtype }));
  },
});
