import type { DType, Shape } from './shape.js';

/** What a layer declares about one of its variables before it exists. */
export interface WeightSpec {
  readonly name: string;
  readonly shape: readonly number[];
  readonly trainable?: boolean;
  readonly dtype?: DType;
}

export type WeightValue = Float32Array | Int32Array | BigInt64Array | Uint8Array;

/**
 * A weight's values still in the file they were imported from (`importModel(..., { lazyWeights: true })`),
 * read when first needed: a large model then goes from its file to an ONNX file without ever being
 * held whole in memory.
 */
export interface WeightInFile {
  /** The type of the array the values are read into (bool weights are held as uint8). */
  readonly dtype: 'float32' | 'int32' | 'int64' | 'uint8';
  /** Reads the values into a new array. */
  read(): WeightValue;
  /**
   * Hands the values' little-endian bytes to `use` without copying them into a new array. The bytes are
   * valid only during the call, which must not read other weights.
   */
  withBytes<T>(use: (bytes: Uint8Array) => T): T;
  /** Up to `count` of the first bytes, read without the rest: enough to tell most weights apart. */
  leadingBytes(count: number): Uint8Array;
  /** The smallest unit `readRange` reads from the file (a row of the first axis), in bytes. */
  readonly rowBytes: number;
  /** Copies bytes [offset, offset + target.length) into `target`: a large weight can be written a slice at a time. */
  readRange(offset: number, target: Uint8Array): void;
}

/**
 * A layer variable. Shared layers and wrapped models hand out the same Weight objects, so a model
 * counts and stores each one once however often its layer is called.
 */
export class Weight {
  private held?: WeightValue;
  private inFile?: WeightInFile;

  constructor(
    /** Keras 3 `variable.path`, e.g. `dense/kernel`. */
    readonly path: string,
    readonly shape: readonly number[],
    readonly dtype: DType,
    readonly trainable: boolean,
  ) {}

  /** Filled by importers; absent for a freshly built model (Keras would initialise it at random). Values left in a file are read now. */
  get value(): WeightValue | undefined {
    if (this.held === undefined && this.inFile !== undefined) {
      this.held = this.inFile.read();
      this.inFile = undefined;
    }
    return this.held;
  }

  set value(value: WeightValue | undefined) {
    this.held = value;
    this.inFile = undefined;
  }

  /** Leaves the values in their file until they are used. */
  readLater(source: WeightInFile): void {
    this.held = undefined;
    this.inFile = source;
  }

  /** Where the values are while they have not been read, for writers that can copy them straight out of it. */
  get fileSource(): WeightInFile | undefined {
    return this.inFile;
  }

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
