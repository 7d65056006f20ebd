import { parseArgs } from 'node:util';
import { KerasBridgeError } from '../ir/errors.js';
import { codegenCommand } from './codegen-command.js';
import type { Command, CommandIO } from './command.js';
import { convertCommand } from './convert-command.js';
import { examplesCommand } from './examples-command.js';
import { inspectCommand } from './inspect-command.js';
import { runCommand } from './run-command.js';

const COMMANDS: readonly Command[] = [inspectCommand, convertCommand, runCommand, codegenCommand, examplesCommand];

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'kerasbridge: Keras models in TypeScript, with no Python in the loop.',
    '',
    'Usage: kerasbridge COMMAND [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Every command takes --help, and --json for output meant for scripts.',
  ].join('\n');
}

/** Runs the CLI; returns the exit code. Errors become one line on stderr (JSON with --json). */
export async function main(argv: readonly string[], io: CommandIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(mainHelp());
    return name ? 0 : 1;
  }
  const command = COMMANDS.find((c) => c.name === name);
  const json = rest.includes('--json');
  try {
    if (!command) throw new KerasBridgeError('INVALID_ARGUMENT', `Unknown command '${name}'. Run 'kerasbridge --help' for the list.`);
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
