import type { DType, Shape } from './shape.js';

/** What a layer declares about one of its variables before it exists. */
export interface WeightSpec {
  readonly name: string;
  readonly shape: readonly number[];
  readonly trainable?: boolean;
  readonly dtype?: DType;
}

/**
 * A layer variable. Shared layers and wrapped models hand out the same Weight objects, so a model
 * counts and stores each one once however often its layer is called.
 */
export class Weight {
  /** Filled by importers; absent for a freshly built model (Keras would initialise it at random). */
  value?: Float32Array | Int32Array | BigInt64Array | Uint8Array;

  constructor(
    /** Keras 3 `variable.path`, e.g. `dense/kernel`. */
    readonly path: string,
    readonly shape: readonly number[],
    readonly dtype: DType,
    readonly trainable: boolean,
  ) {}

  get name(): string {
    return this.path.slice(this.path.lastIndexOf('/') + 1);
  }

  get size(): number {
    return this.shape.reduce((a, b) => a * b, 1);
  }
}

export function countWeights(weights: readonly Weight[]): number {
  let total = 0;
  for (const w of new Set(weights)) total += w.size;
  return total;
}

export function isFullyKnown(shape: Shape): shape is readonly number[] {
  return shape.every((d) => d !== null);
}
