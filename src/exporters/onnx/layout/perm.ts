// Permutations as ONNX Transpose reads them: `perm[i]` is the source axis of result axis `i`, so an op
// acting along result axis `a` of Transpose(x, perm) acts along axis `perm[a]` of x.

export const identityPerm = (rank: number): number[] => Array.from({ length: rank }, (_, i) => i);

export const isIdentity = (perm: readonly number[]): boolean => perm.every((p, i) => p === i);

/** Transpose(Transpose(x, first), then) as one Transpose of x. */
export const composePerms = (first: readonly number[], then: readonly number[]): number[] => then.map((a) => first[a]!);

/** Keras' channels-last to the channels-first order ONNX's convolutions read: [0, r-1, 1, ..., r-2]. */
export const channelsFirstPerm = (rank: number): number[] => [0, rank - 1, ...identityPerm(rank).slice(1, -1)];

/** The axes of x that the (possibly negative) axes of Transpose(x, perm) stand for. */
export const remapAxes = (axes: readonly number[], perm: readonly number[]): number[] =>
  axes.map((a) => perm[a < 0 ? a + perm.length : a]!);

/** A vector with one entry per axis of Transpose(x, perm) (scales, sizes), reordered to x's axes. */
export function scatterPerAxis<T>(values: readonly T[], perm: readonly number[]): T[] {
  const result = [...values];
  perm.forEach((p, i) => (result[p] = values[i]!));
  return result;
}

export const invertPerm = (perm: readonly number[]): number[] => scatterPerAxis(identityPerm(perm.length), perm);

/**
 * The permutation left after reducing `reducedAxes` (of x, after remapping) without keeping them: the
 * kept result axes in order, each numbered by its rank among the kept axes of x.
 */
export function permAfterReduce(perm: readonly number[], reducedAxes: readonly number[]): number[] {
  const kept = perm.filter((p) => !reducedAxes.includes(p));
  const sorted = [...kept].sort((a, b) => a - b);
  return kept.map((p) => sorted.indexOf(p));
}
