import { KerasBridgeError } from '../ir/errors.js';
import * as layers from '../layers/index.js';
import * as ops from '../ops/index.js';

/**
 * Which public function builds what: `layers.Conv2D` a Conv2D, `layers.concatenate` the shortcut of
 * Concatenate, `ops.getItem` the GetItem operation. Read from the namespaces generated code imports,
 * so a layer or op added to them is generated with no change here.
 */
interface Names {
  readonly factories: ReadonlyMap<string, string>;
  readonly shortcuts: ReadonlyMap<string, string>;
  readonly opFunctions: ReadonlyMap<string, string>;
}

let names: Names | undefined;

function lowerFirst(name: string): string {
  return name[0]!.toLowerCase() + name.slice(1);
}

/** Export name by the class its `definition` builds; the export named like the class wins over aliases. */
function byDefinition(namespace: Record<string, unknown>, nameFor: (className: string) => string): Map<string, string> {
  const found = new Map<string, string>();
  for (const [exportName, value] of Object.entries(namespace)) {
    const className = (value as { definition?: { className?: unknown } } | undefined)?.definition?.className;
    if (typeof value !== 'function' || typeof className !== 'string') continue;
    if (!found.has(className) || exportName === nameFor(className)) found.set(className, exportName);
  }
  return found;
}

function readNames(): Names {
  const factories = byDefinition(layers, (className) => className);
  // Keras' functional shortcuts (`concatenate([a, b])` for `Concatenate()([a, b])`): lower-case functions with no definition.
  const shortcuts = new Map(
    [...factories.keys()]
      .map((className) => [className, lowerFirst(className)] as const)
      .filter(([, shortcut]) => typeof (layers as Record<string, unknown>)[shortcut] === 'function' && !factories.has(shortcut)),
  );
  return { factories, shortcuts, opFunctions: byDefinition(ops, lowerFirst) };
}

function lookup(table: keyof Names, className: string): string | undefined {
  names ??= readNames();
  return names[table].get(className);
}

/** `Conv2D` -> `Conv2D`, the name of its factory in `layers`. */
export function factoryName(className: string, layerName: string): string {
  const name = lookup('factories', className);
  if (!name) {
    throw new KerasBridgeError(
      'UNKNOWN_LAYER_CLASS',
      `Cannot generate code for layer '${layerName}': its class '${className}' is not one of kerasbridge's layers, so the code could not build it. ` +
        'Replace it with a built-in layer, or edit the generated code to build it with your own layerFactory().',
      { layer: layerName },
    );
  }
  return name;
}

/** `Concatenate` -> `concatenate`, when `layers` has Keras' functional shortcut for the class. */
export function shortcutName(className: string): string | undefined {
  return lookup('shortcuts', className);
}

/** `GetItem` -> `getItem`, the name of the operation's function in `ops`. */
export function opFunctionName(className: string, nodeName: string): string {
  const name = lookup('opFunctions', className);
  if (!name) {
    throw new KerasBridgeError('UNKNOWN_LAYER_CLASS', `Cannot generate code for operation '${nodeName}': '${className}' has no function in ops.`, { layer: nodeName });
  }
  return name;
}
