import { KerasBridgeError } from './errors.js';

/**
 * Class name to definition, built from an explicit list: user definitions override built-ins, a class
 * listed twice in either list is an error. `kind` names what is registered in the errors ('Layer', 'Operation').
 */
export function classRegistry<D extends { readonly className: string }>(
  kind: string,
  builtins: readonly D[],
  userDefinitions: readonly D[],
): ReadonlyMap<string, D> {
  const registry = new Map<string, D>();
  for (const definition of builtins) {
    if (registry.has(definition.className)) {
      throw new KerasBridgeError('DUPLICATE_NAME', `${kind} class '${definition.className}' is registered twice among the built-in ${kind.toLowerCase()}s.`);
    }
    registry.set(definition.className, definition);
  }
  const seen = new Set<string>();
  for (const definition of userDefinitions) {
    if (seen.has(definition.className)) {
      throw new KerasBridgeError('DUPLICATE_NAME', `Custom ${kind.toLowerCase()} class '${definition.className}' is registered twice; register each class once.`);
    }
    seen.add(definition.className);
    registry.set(definition.className, definition);
  }
  return registry;
}
