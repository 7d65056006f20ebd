/** A Python literal as `repr()` writes it: what a `.npy` header holds. Tuples and lists both become arrays. */
export type PythonValue = string | number | boolean | null | PythonValue[] | { [key: string]: PythonValue };

const TOKEN = /\s*(?:'([^'\\]*)'|"([^"\\]*)"|(-?\d+)L?|(True|False|None)|([{}()[\]:,]))/y;
const CLOSING: Record<string, string> = { '{': '}', '(': ')', '[': ']' };

/**
 * Parses the small subset of Python literal syntax `numpy.lib.format` writes (dicts, tuples, lists, strings,
 * ints, True/False/None), never evaluating anything: NumPy itself reads headers with `ast.literal_eval`.
 */
export function parsePythonLiteral(text: string): PythonValue {
  let at = 0;
  const next = (): RegExpExecArray => {
    TOKEN.lastIndex = at;
    const token = TOKEN.exec(text);
    if (token === null) throw new SyntaxError(`unexpected ${JSON.stringify(text.slice(at, at + 12))} at character ${at}`);
    at = TOKEN.lastIndex;
    return token;
  };
  const peek = (): string | undefined => {
    TOKEN.lastIndex = at;
    return TOKEN.exec(text)?.[5];
  };
  const value = (token = next()): PythonValue => {
    const [, single, double, int, constant, punct] = token;
    if (single !== undefined || double !== undefined) return (single ?? double)!;
    if (int !== undefined) return Number(int);
    if (constant !== undefined) return constant === 'None' ? null : constant === 'True';
    const close = CLOSING[punct!];
    if (close === undefined) throw new SyntaxError(`unexpected '${punct}' at character ${at - 1}`);
    const items: PythonValue[][] = [];
    while (peek() !== close) {
      const key = value();
      items.push(punct === '{' ? [key, (expect(next(), ':'), value())] : [key]);
      if (peek() !== close) expect(next(), ',');
    }
    next();
    return punct === '{' ? Object.fromEntries(items.map(([k, v]) => [String(k), v!])) : items.map(([item]) => item!);
  };
  const result = value();
  if (text.slice(at).trim() !== '') throw new SyntaxError(`unexpected ${JSON.stringify(text.slice(at, at + 12))} after the value`);
  return result;
}

function expect(token: RegExpExecArray, punct: string): void {
  if (token[5] !== punct) throw new SyntaxError(`expected '${punct}' but found '${token[0].trim()}'`);
}
