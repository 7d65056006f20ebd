import { formatSummary } from '../ir/summary.js';
import { clearSession } from '../ir/naming.js';
import { KerasBridgeError } from '../ir/errors.js';
import type { Functional } from '../ir/functional.js';
import type { Command } from './command.js';
import { modelToJson } from './model-report.js';

type SeedExamples = Record<string, () => { models: Record<string, Functional> }>;

// The examples are ported from the Keras functional API guide and ship next to the library build.
async function loadExamples(): Promise<SeedExamples> {
  const module = (await import(new URL('../../examples/index.js', import.meta.url).href)) as { SEED_EXAMPLES: SeedExamples };
  return module.SEED_EXAMPLES;
}

export const examplesCommand: Command = {
  name: 'examples',
  summary: "Build the Keras functional API guide's examples in TypeScript and print their models",
  usage: 'kerasbridge examples [NAME] [--json]\n\nWithout NAME, lists the examples. With NAME, builds it and prints each model\'s summary.',
  options: { json: { type: 'boolean', default: false } },
  async run({ values, positionals, io }) {
    const examples = await loadExamples();
    const [name] = positionals;
    if (!name) {
      if (values.json) io.out(JSON.stringify({ examples: Object.keys(examples) }, null, 2));
      else io.out(`Examples: ${Object.keys(examples).join(', ')}\nRun: kerasbridge examples NAME`);
      return 0;
    }
    const build = examples[name];
    if (!build) {
      throw new KerasBridgeError('INVALID_ARGUMENT', `Unknown example '${name}'. Choose one of: ${Object.keys(examples).join(', ')}.`);
    }
    clearSession();
    const { models } = build();
    if (values.json) {
      io.out(JSON.stringify({ example: name, models: Object.fromEntries(Object.entries(models).map(([k, m]) => [k, modelToJson(m)])) }, null, 2));
    } else {
      io.out(Object.entries(models).map(([k, m]) => `${k}:\n${formatSummary(m)}`).join('\n\n'));
    }
    return 0;
  },
};
