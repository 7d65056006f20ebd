/**
 * Keras' automatic layer names: `dense`, `dense_1`, ... counted per base name for the whole session,
 * reset by `clearSession()` as `keras.backend.clear_session()` does.
 */
const nameCounters = new Map<string, number>();

/** `MaxPooling2D` -> `max_pooling2d`, `LSTM` -> `lstm`, the rule of Keras' `to_snake_case`. */
export function toSnakeCase(className: string): string {
  const word = className.replace(/\W+/g, '').replace(/(.)([A-Z][a-z]+)/g, '$1_$2');
  return word.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}

export function uniqueName(base: string): string {
  const count = nameCounters.get(base) ?? 0;
  nameCounters.set(base, count + 1);
  return count === 0 ? base : `${base}_${count}`;
}

export function autoName(className: string): string {
  return uniqueName(toSnakeCase(className));
}

/** Forgets every generated name, so the next `Dense` is named `dense` again. */
export function clearSession(): void {
  nameCounters.clear();
}
