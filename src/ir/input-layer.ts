import { KerasBridgeError } from './errors.js';
import { Layer } from './layer.js';
import { autoName } from './naming.js';
import { Node } from './node.js';
import type { DType, Shape } from './shape.js';
import { SymbolicTensor, type TensorSpec } from './tensor.js';

export interface InputOptions {
  /** Per-sample shape, without the batch dimension. */
  shape?: Shape;
  batch_size?: number | null;
  /** Full shape, batch dimension first; the alternative to `shape` + `batch_size`. */
  batch_shape?: Shape;
  dtype?: DType;
  sparse?: boolean;
  name?: string;
}

/** The layer behind `Input()`: no inputs, one node, one output tensor. */
export class InputLayer extends Layer {
  readonly className = 'InputLayer';
  declare readonly batchShape: Shape;
  sparse = false;

  static create(options: InputOptions): InputLayer {
    const layer = new InputLayer();
    if (options.shape !== undefined && options.batch_shape !== undefined) {
      throw new KerasBridgeError('INVALID_ARGUMENT', 'Input() takes `shape` or `batch_shape`, not both.');
    }
    const perSample = options.shape ?? options.batch_shape?.slice(1);
    if (!perSample) {
      throw new KerasBridgeError('INVALID_ARGUMENT', 'Input() needs a `shape` (per sample, e.g. { shape: [784] }) or a `batch_shape`.');
    }
    if (perSample.some((d) => d !== null && (!Number.isInteger(d) || d < 0))) {
      throw new KerasBridgeError('INVALID_ARGUMENT', `Input() shape ${JSON.stringify(perSample)} must hold non-negative integers or null.`);
    }
    Object.defineProperty(layer, 'batchShape', {
      value: options.batch_shape ? [...options.batch_shape] : [options.batch_size ?? null, ...perSample],
    });
    layer.applyBaseOptions({ name: options.name, dtype: options.dtype }, () => autoName('InputLayer'));
    layer.sparse = options.sparse ?? false;
    layer.built = true;
    const output = new SymbolicTensor(layer.batchShape, layer.dtype, { layer, nodeIndex: 0, tensorIndex: 0 });
    layer.inboundNodes.push(new Node(layer, [], [output], false, {}));
    return layer;
  }

  computeOutputSpecs(): TensorSpec[] {
    return [{ shape: this.batchShape, dtype: this.dtype }];
  }

  override invoke(): SymbolicTensor {
    throw new KerasBridgeError('INVALID_ARGUMENT', `InputLayer "${this.name}" cannot be called; use its output tensor.`, { layer: this.name });
  }

  getConfig(): Record<string, unknown> {
    return { batch_shape: this.batchShape, dtype: this.dtype, sparse: this.sparse, name: this.name };
  }
}

/** `Input({ shape: [784] })`: a symbolic tensor to start a functional model from. */
export function Input(options: InputOptions): SymbolicTensor {
  return InputLayer.create(options).output;
}
