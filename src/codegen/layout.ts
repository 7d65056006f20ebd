/**
 * Width-aware layout of generated expressions, after Wadler's "A prettier printer": a group prints on
 * one line when it fits in what is left of the line, else each of its line breaks becomes a newline.
 * ts-morph's printer indents what it is given, but never breaks a long line itself.
 */
export type Doc = string | readonly Doc[] | Group | Line | Indent | IfBroken;

interface Group {
  readonly kind: 'group';
  readonly body: Doc;
}
/** A newline when its group is broken, else `flat`. */
interface Line {
  readonly kind: 'line';
  readonly flat: string;
}
interface Indent {
  readonly kind: 'indent';
  readonly body: Doc;
}
/** Text printed only when its group is broken (a trailing comma). */
interface IfBroken {
  readonly kind: 'ifBroken';
  readonly text: string;
}

const group = (...body: Doc[]): Doc => ({ kind: 'group', body });
export const line: Doc = { kind: 'line', flat: ' ' };
const softLine: Doc = { kind: 'line', flat: '' };
const indent = (...body: Doc[]): Doc => ({ kind: 'indent', body });
const trailingComma: Doc = { kind: 'ifBroken', text: ',' };

/** `open item, item close`, one item per line when it does not fit: `[a, b]`, `{ a: 1 }`, `f(a, b)`. */
export function bracketed(open: string, items: readonly Doc[], close: string, padding: Doc = softLine): Doc {
  if (items.length === 0) return open + close;
  const separated = items.flatMap((item, i) => (i === 0 ? [item] : [',', line, item]));
  return group(open, indent(padding, ...separated, trailingComma), padding, close);
}

/**
 * Call arguments. A lone name stays on the call's line; next to short arguments (`64, [3, 3]`), a
 * first list or a last options object breaks alone: `Sequential([...], { name })`, `Dense(64, {...})`.
 */
export function callArguments(args: readonly Doc[]): Doc {
  const [first, last] = [args[0], args[args.length - 1]];
  if (args.length === 1 && typeof first === 'string') return `(${first})`;
  const short = (docs: readonly Doc[]) => docs.every((d) => render(d, Infinity).length <= SHORT);
  if (isGroup(last) && short(args.slice(0, -1))) return group('(', ...args.slice(0, -1).flatMap((a) => [a, ', ']), last, ')');
  if (isGroup(first) && short(args.slice(1))) return group('(', first!, ...args.slice(1).flatMap((a) => [', ', a]), ')');
  return bracketed('(', args, ')');
}

/** The widest leading argument that still lets the options object after it break alone. */
const SHORT = 24;

function isGroup(doc: Doc | undefined): boolean {
  return typeof doc === 'object' && !Array.isArray(doc) && (doc as Group).kind === 'group';
}

type Command = readonly [indentation: number, flat: boolean, doc: Doc];

/** Renders a document within `width` columns where possible; nested lines are indented from column 0. */
export function render(doc: Doc, width: number): string {
  const out: string[] = [];
  let column = 0;
  const stack: Command[] = [[0, false, doc]];
  while (stack.length > 0) {
    const [at, flat, d] = stack.pop()!;
    if (typeof d === 'string') {
      out.push(d);
      column += d.length;
    } else if (Array.isArray(d)) {
      for (let i = d.length - 1; i >= 0; i--) stack.push([at, flat, d[i]!]);
    } else {
      const node = d as Group | Line | Indent | IfBroken;
      if (node.kind === 'group') stack.push([at, flat || fits(width - column, [at, true, node.body], stack), node.body]);
      else if (node.kind === 'indent') stack.push([at + 2, flat, node.body]);
      else if (node.kind === 'ifBroken') {
        if (!flat) out.push(node.text);
      } else if (flat) {
        out.push(node.flat);
        column += node.flat.length;
      } else {
        out.push(`\n${' '.repeat(at)}`);
        column = at;
      }
    }
  }
  return out.join('');
}

/** Whether `next` printed flat, and what follows it up to the next line break, fits in `remaining` columns. */
function fits(remaining: number, next: Command, rest: readonly Command[]): boolean {
  const pending: Command[] = [next];
  let restIndex = rest.length - 1;
  while (remaining >= 0) {
    const command = pending.pop() ?? rest[restIndex--];
    if (!command) return true;
    const [at, flat, d] = command;
    if (typeof d === 'string') remaining -= d.length;
    else if (Array.isArray(d)) for (let i = d.length - 1; i >= 0; i--) pending.push([at, flat, d[i]!]);
    else {
      const node = d as Group | Line | Indent | IfBroken;
      if (node.kind === 'group' || node.kind === 'indent') pending.push([at, flat, node.body]);
      else if (node.kind === 'line') {
        if (!flat) return true;
        remaining -= node.flat.length;
      }
    }
  }
  return false;
}
