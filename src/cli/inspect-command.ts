import { formatSummary } from '../ir/summary.js';
import { importModel } from '../importers/load.js';
import type { Command } from './command.js';
import { modelToJson } from './model-report.js';

export const inspectCommand: Command = {
  name: 'inspect',
  summary: 'Show what a Keras file holds: its format, the Keras version and backend that wrote it, and the model summary',
  usage:
    'kerasbridge inspect FILE [--weights WEIGHTS] [--json]\n\n' +
    'FILE is a legacy .h5 (Keras 1, 2, tf.keras or Keras 3), a .keras archive (or its unzipped folder), a\n' +
    'model.to_json() config (then --weights names its .h5 or .weights.h5), or a TF.js model.json.\n' +
    'The format is told by content, not by the file extension.',
  options: { weights: { type: 'string' }, json: { type: 'boolean', default: false } },
  async run({ values, positionals, io }) {
    const [file, ...extra] = positionals;
    if (!file || extra.length > 0) {
      io.err('kerasbridge inspect: give exactly one FILE. Run kerasbridge inspect --help.');
      return 2;
    }
    const imported = await importModel(file, { weights: values.weights as string | undefined });
    const { model, format, kerasVersion, backend, warnings } = imported;
    if (values.json) {
      const { name, className, totalParams, trainableParams, inputs, outputs, layers } = modelToJson(model);
      io.out(JSON.stringify({ format, kerasVersion: kerasVersion ?? null, backend: backend ?? null, name, className, inputs, outputs, layers, totalParams, trainableParams, warnings }, null, 2));
      return 0;
    }
    io.out(`Format: ${format}\nKeras version: ${kerasVersion ?? 'not recorded'}\nBackend: ${backend ?? 'not recorded'}\n`);
    io.out(formatSummary(model));
    for (const warning of warnings) io.err(`warning: ${warning}`);
    return 0;
  },
};
