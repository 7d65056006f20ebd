/**
 * TypeScript identifiers from Keras names: `dense_1` -> `dense1`, `main_input` -> `mainInput`, unique
 * within the generated module and never a reserved word.
 */

// ECMAScript reserved words, strict-mode ones and the names TypeScript keeps for types and globals a
// generated module could shadow by accident.
const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for ' +
    'function if import in instanceof new null return super switch this throw true try typeof var void while with ' +
    'yield let static implements interface package private protected public await arguments eval undefined NaN ' +
    'Infinity any boolean number string symbol never unknown object type of as async from get set declare module ' +
    'namespace require constructor'
  ).split(' '),
);

/** `main_input` -> `mainInput`, `Conv2D_1` -> `conv2D1`, `12net` -> `_12net`; `fallback` for a name with no letters or digits. */
export function camelCase(name: string, fallback = 'x'): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter((w) => w.length > 0);
  const joined = words.map((w, i) => (i === 0 ? w[0]!.toLowerCase() + w.slice(1) : w[0]!.toUpperCase() + w.slice(1))).join('');
  const identifier = joined || fallback;
  return /^[0-9]/.test(identifier) ? `_${identifier}` : identifier;
}

export function pascalCase(name: string): string {
  const camel = camelCase(name).replace(/^_/, '');
  return camel[0]!.toUpperCase() + camel.slice(1);
}

/** Hands out identifiers once each: a taken or reserved one gets the first free numeric suffix. */
export class Namer {
  private readonly taken = new Set<string>();

  constructor(reserved: Iterable<string> = []) {
    for (const name of reserved) this.taken.add(name);
  }

  claim(wanted: string): string {
    let name = RESERVED.has(wanted) ? `${wanted}_` : wanted;
    for (let n = 2; this.taken.has(name); n++) name = `${wanted}_${n}`;
    this.taken.add(name);
    return name;
  }
}
