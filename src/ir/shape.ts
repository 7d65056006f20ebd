/** A dimension: a size, or `null` where Keras writes `None` (unknown until run time). */
export type Dim = number | null;
export type Shape = readonly Dim[];

export type DType =
  | 'float16'
  | 'bfloat16'
  | 'float32'
  | 'float64'
  | 'int8'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'uint8'
  | 'uint16'
  | 'uint32'
  | 'uint64'
  | 'bool'
  | 'string';

/** Formats a shape the way Python prints a Keras shape tuple: `(None, 32)`, `(3,)`. */
export function formatShape(shape: Shape): string {
  const dims = shape.map((d) => (d === null ? 'None' : String(d)));
  return dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(', ')})`;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Product of the dims, or null when any is unknown. */
export function knownProduct(dims: Shape): number | null {
  let product = 1;
  for (const d of dims) {
    if (d === null) return null;
    product *= d;
  }
  return product;
}

/** Resolves a possibly negative axis against a rank, as Python indexing does. */
export function resolveAxis(axis: number, rank: number): number {
  return axis < 0 ? axis + rank : axis;
}
