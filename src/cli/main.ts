import { parseArgs } from 'node:util';
import { KerasBridgeError } from '../ir/errors.js';
import type { Command, CommandIO } from './command.js';

/**
 * Each command's module, loaded when it runs: a process then loads what one command needs (convert
 * neither the runtime nor codegen nor plotting, 0.04 s of its start-up).
 */
const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  inspect: async () => (await import('./inspect-command.js')).inspectCommand,
  convert: async () => (await import('./convert-command.js')).convertCommand,
  run: async () => (await import('./run-command.js')).runCommand,
  codegen: async () => (await import('./codegen-command.js')).codegenCommand,
  plot: async () => (await import('./plot-command.js')).plotCommand,
  examples: async () => (await import('./examples-command.js')).examplesCommand,
};

async function mainHelp(): Promise<string> {
  const commands = await Promise.all(Object.values(COMMANDS).map((load) => load()));
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'kerasbridge: Keras models in TypeScript, with no Python in the loop.',
    '',
    'Usage: kerasbridge COMMAND [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Every command takes --help, and --json for output meant for scripts.',
  ].join('\n');
}

/** Runs the CLI; returns the exit code. Errors become one line on stderr (JSON with --json). */
export async function main(argv: readonly string[], io: CommandIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(await mainHelp());
    return name ? 0 : 1;
  }
  const json = rest.includes('--json');
  try {
    if (!Object.hasOwn(COMMANDS, name)) throw new KerasBridgeError('INVALID_ARGUMENT', `Unknown command '${name}'. Run 'kerasbridge --help' for the list.`);
    const command = await COMMANDS[name]!();
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(`${command.summary}.\n\nUsage: ${command.usage}`);
      return 0;
    }
    const { values, positionals } = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true });
    return await command.run({ values, positionals, io });
  } catch (error) {
    const known = error instanceof KerasBridgeError;
    // One line, whatever the source: onnxruntime's messages span several.
    const message = (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, ' ');
    if (json) io.err(JSON.stringify({ error: { code: known ? error.code : 'INVALID_ARGUMENT', message } }));
    else io.err(`kerasbridge ${name}: ${message}`);
    return known || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? 2 : 1;
  }
}
