/**
 * The major Keras version a file's `keras_version` names: "1.2.2" -> 1, "2.2.4-tf" or "2.15.0" -> 2,
 * "3.15.1" -> 3. Files without one were written by Keras 1, which did not record it.
 */
export function kerasMajor(version: unknown): 1 | 2 | 3 {
  if (typeof version !== 'string') return 1;
  const match = /(\d+)\./.exec(version);
  const major = match ? Number(match[1]) : 2;
  // TF.js writes "tfjs-layers x.y.z"; its configs follow Keras 2's conventions.
  if (version.startsWith('tfjs')) return 2;
  return major >= 3 ? 3 : major <= 1 ? 1 : 2;
}
