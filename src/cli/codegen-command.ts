import { generateTypeScript } from '../codegen/index.js';
import { importModel } from '../importers/load.js';
import { writeFileAtomic } from './atomic-write.js';
import type { Command } from './command.js';
import { onlyPositional } from './options.js';

export const codegenCommand: Command = {
  name: 'codegen',
  summary: 'Write a Keras file as TypeScript builder code: buildModel() and loadWeights(model, source)',
  usage:
    'kerasbridge codegen FILE [-o OUT.ts] [--weights WEIGHTS] [--json]\n\n' +
    'FILE is any model file inspect reads; --weights names the weights of a JSON config. Without -o the code\n' +
    "goes to stdout. The module imports 'kerasbridge' only; its loadWeights() reads FILE (or WEIGHTS).",
  options: { output: { type: 'string', short: 'o' }, weights: { type: 'string' }, json: { type: 'boolean', default: false } },
  async run({ values, positionals, io }) {
    const file = onlyPositional(positionals, 'codegen', 'Keras file to generate code from');
    const weights = values.weights as string | undefined;
    const { model, format, warnings } = await importModel(file, { weights });
    const code = await generateTypeScript(model, { source: file, weights });
    const output = values.output as string | undefined;
    if (output) await writeFileAtomic(output, code);
    if (values.json) io.out(JSON.stringify({ format, model: model.name, output: output ?? null, lines: code.split('\n').length - 1, warnings }, null, 2));
    else if (!output) io.out(code);
    for (const warning of values.json ? [] : warnings) io.err(`warning: ${warning}`);
    return 0;
  },
};
