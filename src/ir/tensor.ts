import type { Layer } from './layer.js';
import type { DType, Shape } from './shape.js';

/** Shape and dtype: what shape inference knows about a tensor. */
export interface TensorSpec {
  readonly shape: Shape;
  readonly dtype: DType;
}

/** Where a symbolic tensor comes from: the on-disk `keras_history` triple. */
export interface KerasHistory {
  readonly layer: Layer<LayerOutput>;
  readonly nodeIndex: number;
  readonly tensorIndex: number;
}

/** A Keras tensor: no values, only its spec and the layer call that produced it. */
export class SymbolicTensor implements TensorSpec {
  constructor(
    readonly shape: Shape,
    readonly dtype: DType,
    readonly history: KerasHistory,
  ) {}

  get rank(): number {
    return this.shape.length;
  }

  toString(): string {
    const dims = this.shape.map((d) => (d === null ? 'None' : d)).join(', ');
    return `<SymbolicTensor shape=(${dims}) dtype=${this.dtype} from ${this.history.layer.name}[${this.history.nodeIndex}][${this.history.tensorIndex}]>`;
  }
}

/** What calling a layer returns: one tensor, or a list for multi-output layers and models. */
export type LayerOutput = SymbolicTensor | SymbolicTensor[];

/** What a layer may be called on: one tensor or a list (merge layers, multi-input models). */
export type LayerInput = SymbolicTensor | readonly SymbolicTensor[];

export function isSymbolicTensor(value: unknown): value is SymbolicTensor {
  return value instanceof SymbolicTensor;
}

/** Every symbolic tensor inside a call argument, in order (kwargs such as `initial_state` included). */
export function collectTensors(value: unknown, into: SymbolicTensor[] = []): SymbolicTensor[] {
  if (value instanceof SymbolicTensor) into.push(value);
  else if (Array.isArray(value)) for (const item of value) collectTensors(item, into);
  else if (value !== null && typeof value === 'object' && typeof value !== 'function') {
    for (const item of Object.values(value)) collectTensors(item, into);
  }
  return into;
}
