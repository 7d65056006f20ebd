// Keras masks (keras/src/layers/layer.py `__call__`, steps 6 and 8): a boolean per time step that a
// layer such as Masking or Embedding(mask_zero=True) attaches to its output, that layers supporting
// masking pass on through `compute_mask`, and that RNNs, GlobalAveragePooling1D and Attention read in
// their `call`. A layer that does not support masking drops it. Each layer definition's `computeMask`
// says what Keras computes (the rules shared by many classes are here), against `MaskOps`, so that one
// rule serves both the exporter's check of which tensors carry a mask (a mask is then a flag) and its
// lowering (an ONNX value).

/** What a mask rule may compute with; `M` is whatever stands for one mask. */
export interface MaskOps<M> {
  /** The Keras generation whose rules apply: Keras 2 combined the masks of merged inputs differently. */
  readonly kerasMajor: 1 | 2 | 3;
  /**
   * Where the values of input `input` differ from `value`: per element, or per step over the last
   * axis (true where any feature differs) when `overLastAxis`.
   */
  differs(input: number, value: number, overLastAxis: boolean): M;
  /** Element-wise OR, broadcasting. */
  or(a: M, b: M): M;
  /**
   * Keras 3 `Concatenate.compute_mask`: each input's mask broadcast over that input's last axis (all
   * true for an input without one), concatenated along `axis`, then true where any of the last axis is.
   */
  concatenate(masks: readonly (M | undefined)[], axis: number): M;
  /** A mask that cannot be computed, and why: the exporter refuses the call before lowering anything. */
  unsupported(reason: string): undefined;
}

/** Keras' default `compute_mask` (`supports_masking = True`): the first input's mask goes to the first output. */
export const keepMask = <M>(_config: object, [mask]: readonly (M | undefined)[]): (M | undefined)[] => [mask];

/**
 * Keras 3 `Merge.compute_mask` (Add, Multiply, ...): the OR of every input's mask, none when any input
 * has none. Keras 2 ANDed the masks present instead (keras/layers/merge.py `_Merge.compute_mask`),
 * which no Keras here can run to check against, so it is refused rather than guessed.
 */
export function mergeMasks<M>(_config: object, masks: readonly (M | undefined)[], ops: MaskOps<M>): (M | undefined)[] {
  if (masks.every((m) => m === undefined)) return [];
  if (ops.kerasMajor < 3) return [ops.unsupported(`Keras ${ops.kerasMajor} combined the masks of merged inputs by its own rules, which are not lowered`)];
  return masks.every((m) => m !== undefined) ? [(masks as readonly M[]).reduce((a, b) => ops.or(a, b))] : [];
}
