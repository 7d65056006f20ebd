import { KerasBridgeError } from '../ir/errors.js';

/** The one positional argument a command takes (its input file). */
export function onlyPositional(positionals: readonly string[], command: string, what: string): string {
  if (positionals.length !== 1) {
    throw new KerasBridgeError('INVALID_ARGUMENT', `Give exactly one ${what}${positionals.length > 1 ? `, not ${positionals.length}` : ''}. Run 'kerasbridge ${command} --help'.`);
  }
  return positionals[0]!;
}

/** A positive integer option such as `--opset 13`; undefined when it is not given. */
export function integerOption(values: Record<string, unknown>, name: string): number | undefined {
  const text = values[name] as string | undefined;
  if (text === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(text)) throw new KerasBridgeError('INVALID_ARGUMENT', `--${name} takes a positive integer, but got '${text}'.`);
  return Number(text);
}
