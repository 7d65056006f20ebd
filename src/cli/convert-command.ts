import { buildModelProto } from '../exporters/onnx/index.js';
import { writeModel } from '../exporters/onnx/model-bytes.js';
import { KerasBridgeError } from '../ir/errors.js';
import { formatCount } from '../ir/summary.js';
import { importModel, type ImportedModel } from '../importers/load.js';
import { streamFileAtomic } from './atomic-write.js';
import type { Command } from './command.js';
import { integerOption, onlyPositional } from './options.js';
import { progressBar } from './progress.js';

const STAGES = ['importing', 'converting', 'writing'];

export const convertCommand: Command = {
  name: 'convert',
  summary: 'Convert a Keras file to an ONNX model',
  usage:
    'kerasbridge convert IN -o OUT.onnx [--weights W] [--opset N] [--batch N] [--inputs-as-nchw] [--json]\n\n' +
    'IN is any Keras file inspect reads (--weights names the weights of a JSON config). --opset picks the ONNX\n' +
    'opset (13 to 21, default 18); --batch N fixes the batch size (symbolic by default); --inputs-as-nchw takes\n' +
    'image inputs channels-first. OUT is written whole or not at all. Prints one summary line (JSON with --json).',
  options: {
    output: { type: 'string', short: 'o' },
    weights: { type: 'string' },
    opset: { type: 'string' },
    batch: { type: 'string' },
    'inputs-as-nchw': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
  async run({ values, positionals, io }) {
    const input = onlyPositional(positionals, 'convert', 'Keras file to convert');
    const output = values.output as string | undefined;
    if (output === undefined) throw new KerasBridgeError('INVALID_ARGUMENT', "Give the ONNX file to write with -o OUT.onnx. Run 'kerasbridge convert --help'.");
    const options = { opset: integerOption(values, 'opset'), batch: integerOption(values, 'batch'), inputsAsNchw: values['inputs-as-nchw'] as boolean };
    const started = performance.now();
    const progress = progressBar(process.stderr, STAGES);
    let imported: ImportedModel | undefined;
    let onnxBytes: number;
    try {
      progress.stage('importing');
      // The weights stay in the Keras file until they are written: each goes from there to the output
      // (transposed on the way when it is a kernel) while the one before is being written.
      imported = await importModel(input, { weights: values.weights as string | undefined, lazyWeights: true });
      progress.stage('converting');
      const proto = buildModelProto(imported.model, options);
      progress.stage('writing');
      onnxBytes = await streamFileAtomic(output, (write) => writeModel(proto, write));
    } finally {
      imported?.close();
      progress.end();
    }
    const { model, format, warnings } = imported;
    const report = { input, output, format, layers: model.layers.length, params: model.countParams(), onnxBytes, seconds: Math.round(performance.now() - started) / 1000 };
    if (values.json) io.out(JSON.stringify({ ...report, warnings }));
    else {
      io.out(
        `Converted ${input} (${format}) to ${output}: ${report.layers} layers, ${formatCount(report.params)} params, ` +
          `${formatBytes(report.onnxBytes)} ONNX, ${report.seconds.toFixed(2)} s`,
      );
      for (const warning of warnings) io.err(`warning: ${warning}`);
    }
    return 0;
  },
};

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  return bytes < 1024 ** 2 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}
