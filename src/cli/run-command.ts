import { createSession } from '../runtime/create-session.js';
import { writeFileAtomic } from './atomic-write.js';
import type { Command } from './command.js';
import { onlyPositional } from './options.js';
import { readInputArguments } from './run-inputs.js';
import { describeOutputs, encodeOutputs, outputFormat, outputsToJson } from './run-outputs.js';

export const runCommand: Command = {
  name: 'run',
  summary: 'Run an ONNX or Keras model on NumPy inputs with onnxruntime',
  usage:
    'kerasbridge run MODEL --input NAME=FILE.npy ... [-o OUT.npz|OUT.json] [--weights W] [--cuda] [--json]\n\n' +
    'MODEL is an .onnx file or any Keras file inspect reads (converted in memory). Each --input gives one input\n' +
    "by its Keras name; --input FILE.npz gives the arrays it holds, by name; a model with one input takes\n" +
    '--input FILE.npy. Without -o, prints each output (all values with --json). -o writes the outputs, by\n' +
    'name, whole or not at all. --cuda runs on the GPU when onnxruntime-node has CUDA, else says so and uses the CPU.',
  options: {
    input: { type: 'string', short: 'i', multiple: true },
    output: { type: 'string', short: 'o' },
    weights: { type: 'string' },
    cuda: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
  async run({ values, positionals, io }) {
    const model = onlyPositional(positionals, 'run', 'model file');
    const output = values.output as string | undefined;
    const format = output === undefined ? undefined : outputFormat(output);
    const session = await createSession(model, { weights: values.weights as string | undefined, executionProviders: values.cuda ? ['cuda', 'cpu'] : ['cpu'] });
    try {
      const outputs = await session.predict(await readInputArguments((values.input as string[] | undefined) ?? [], session.inputNames));
      if (output !== undefined) await writeFileAtomic(output, encodeOutputs(outputs, format!));
      if (values.json) io.out(JSON.stringify(output === undefined ? { outputs: outputsToJson(outputs) } : { output, outputs: outputsToJson(outputs, false) }));
      else io.out(output === undefined ? describeOutputs(outputs) : `Wrote ${Object.keys(outputs).join(', ')} to ${output}`);
      for (const warning of session.warnings) io.err(`warning: ${warning}`);
      return 0;
    } finally {
      await session.release();
    }
  },
};
