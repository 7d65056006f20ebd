// The transposition of a tensor's bytes, which every convolution kernel goes through on its way to ONNX's
// (out, in, *spatial) order: ResNet50 moves 90 MiB this way, so the loops work on 32-bit words where
// they can and in small tiles, reading one side in order and touching a handful of lines of the other.

type Words = Uint8Array | Uint16Array | Uint32Array;

/** One axis of the result, with its strides (in words) in the source and in the result. */
interface Axis {
  size: number;
  from: number;
  to: number;
}

/** Square tiles of this many words, the fastest on ResNet50's kernels (16 and 32 take 10 to 50% longer); `transposeTiles` unrolls a tile's rows. */
const TILE = 8;

/**
 * Writes the row-major `source` (shape `dims`, elements of `elementBytes`) into `target` with its axes
 * reordered as ONNX `Transpose` does: `perm[i]` is the source axis of result axis `i`. Values move as
 * bits, so NaN payloads survive. `target` must not overlap `source`.
 */
export function transposeInto(source: Uint8Array, elementBytes: number, dims: readonly number[], perm: readonly number[], target: Uint8Array): void {
  // 8-byte elements move as two 32-bit words: one more axis, which stays last.
  const wide = elementBytes === 8;
  const wordBytes = wide ? 4 : elementBytes;
  // Word views need aligned bytes; tensors inside an encoded message sit wherever their header ends.
  if (target.byteOffset % wordBytes !== 0) {
    const aligned = new Uint8Array(target.byteLength);
    transposeInto(source, elementBytes, dims, perm, aligned);
    target.set(aligned);
    return;
  }
  const axes = resultAxes(wide ? [...dims, 2] : dims, wide ? [...perm, dims.length] : perm);
  const src = words(source.byteOffset % wordBytes === 0 ? source : source.slice(), wordBytes);
  const dst = words(target, wordBytes);
  const inner = axes.pop();
  if (!inner) {
    dst.set(src);
    return;
  }
  if (inner.from === 1) {
    forEachOffset(axes, (from, to) => dst.set(src.subarray(from, from + inner.size), to));
    return;
  }
  // The result's last axis is strided in the source; the source's last axis (stride 1) is strided in the result.
  const across = axes.splice(axes.findIndex((a) => a.from === 1), 1)[0]!;
  forEachOffset(axes, (from, to) => transposeTiles(src, dst, from, to, across, inner));
}

/** The result's axes in order, with size-1 axes dropped and neighbours that are neighbours in the source too merged. */
function resultAxes(dims: readonly number[], perm: readonly number[]): Axis[] {
  const sourceStrides = stridesOf(dims);
  const resultStrides = stridesOf(perm.map((p) => dims[p]!));
  const axes: Axis[] = [];
  perm.forEach((p, i) => {
    const axis = { size: dims[p]!, from: sourceStrides[p]!, to: resultStrides[i]! };
    if (axis.size === 1) return;
    const last = axes.at(-1);
    if (last && last.from === axis.from * axis.size) axes[axes.length - 1] = { size: last.size * axis.size, from: axis.from, to: axis.to };
    else axes.push(axis);
  });
  return axes;
}

function stridesOf(dims: readonly number[]): number[] {
  const strides = dims.map(() => 1);
  for (let i = dims.length - 2; i >= 0; i--) strides[i] = strides[i + 1]! * dims[i + 1]!;
  return strides;
}

function words(bytes: Uint8Array, size: number): Words {
  const Type = size === 4 ? Uint32Array : size === 2 ? Uint16Array : Uint8Array;
  return new Type(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength / size);
}

/** Calls `visit` with the source and result offsets of every index of `axes` (once, with 0 and 0, for none). */
function forEachOffset(axes: readonly Axis[], visit: (from: number, to: number) => void): void {
  const index = axes.map(() => 0);
  const count = axes.reduce((n, a) => n * a.size, 1);
  for (let k = 0, from = 0, to = 0; k < count; k++) {
    visit(from, to);
    // Odometer over the axes, last fastest, keeping both offsets current.
    for (let a = axes.length - 1; a >= 0; a--) {
      const axis = axes[a]!;
      from += axis.from;
      to += axis.to;
      if (++index[a]! < axis.size) break;
      from -= axis.from * axis.size;
      to -= axis.to * axis.size;
      index[a] = 0;
    }
  }
}

/** A 2-D transpose at the given offsets: `across` is contiguous in the source, `inner` in the result. */
function transposeTiles(src: Words, dst: Words, fromBase: number, toBase: number, across: Axis, inner: Axis): void {
  const { size: m, to: stride } = across;
  const { size: n, from: innerStride } = inner;
  // Tiles sweep the source in order, so that each of its lines is read once.
  for (let b0 = 0; b0 < n; b0 += TILE) {
    const b1 = Math.min(b0 + TILE, n);
    for (let a0 = 0; a0 < m; a0 += TILE) {
      const a1 = Math.min(a0 + TILE, m);
      for (let b = b0; b < b1; b++) {
        const from = fromBase + b * innerStride + a0;
        const to = toBase + a0 * stride + b;
        if (a1 - a0 === TILE) {
          // A full row of a tile, unrolled: a third faster than the loop below.
          dst[to] = src[from]!;
          dst[to + stride] = src[from + 1]!;
          dst[to + 2 * stride] = src[from + 2]!;
          dst[to + 3 * stride] = src[from + 3]!;
          dst[to + 4 * stride] = src[from + 4]!;
          dst[to + 5 * stride] = src[from + 5]!;
          dst[to + 6 * stride] = src[from + 6]!;
          dst[to + 7 * stride] = src[from + 7]!;
        } else {
          for (let a = 0; a < a1 - a0; a++) dst[to + a * stride] = src[from + a]!;
        }
      }
    }
  }
}
