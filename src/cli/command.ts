import type { ParseArgsConfig } from 'node:util';

/** One CLI command: its options (parsed by node:util), its help text, and what it does. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(args: { values: Record<string, unknown>; positionals: string[]; io: CommandIO }): Promise<number>;
}

export interface CommandIO {
  out(text: string): void;
  err(text: string): void;
}
