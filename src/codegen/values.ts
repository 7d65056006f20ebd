import { Layer } from '../ir/layer.js';
import { isEllipsisArg, isSliceArg } from '../ir/op-args.js';
import { SymbolicTensor, type LayerOutput } from '../ir/tensor.js';
import { bracketed, line, type Doc } from './layout.js';

/** How the code at hand names what a value may hold besides data. */
export interface ValueContext {
  tensor(tensor: SymbolicTensor): string;
  layer(layer: Layer<LayerOutput>): Doc;
  /** Records a top-level import the value needs (`slice`, `ELLIPSIS`). */
  use(name: string): void;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** A single-quoted string literal. */
export function quote(text: string): string {
  return `'${JSON.stringify(text).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

function numberText(value: number): string {
  return Object.is(value, -0) ? '-0' : String(value);
}

function propertyName(key: string): string {
  return IDENTIFIER.test(key) ? key : quote(key);
}

/** `{ key: value, ... }` over entries already in their written form; `{ inputs }` where the value is a name equal to the key. */
export function objectDoc(entries: readonly (readonly [string, Doc])[]): Doc {
  return bracketed('{', entries.map(([key, value]) => (value === key && IDENTIFIER.test(key) ? key : [propertyName(key), ': ', value])), '}', line);
}

/** A config value, an operation argument or a call keyword argument as a TypeScript expression. */
export function valueDoc(value: unknown, context: ValueContext): Doc {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'boolean') return String(value);
  if (value instanceof SymbolicTensor) return context.tensor(value);
  if (value instanceof Layer) return context.layer(value);
  if (Array.isArray(value)) return bracketed('[', value.map((v: unknown) => valueDoc(v, context)), ']');
  if (isSliceArg(value)) {
    context.use('slice');
    const args = [value.start, value.stop, value.step];
    while (args.length > 0 && args[args.length - 1] === null) args.pop();
    return `slice(${args.map((a) => (a === null ? 'null' : numberText(a))).join(', ')})`;
  }
  if (isEllipsisArg(value)) {
    context.use('ELLIPSIS');
    return 'ELLIPSIS';
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return objectDoc(entries.map(([key, v]) => [key, valueDoc(v, context)]));
}
