import { KerasBridgeError } from '../ir/errors.js';
import { importModel } from '../importers/load.js';
import { allBoxes, drawModel, RANKDIRS, type RankDir } from '../plot/index.js';
import { writeFileAtomic } from './atomic-write.js';
import type { Command } from './command.js';
import { onlyPositional } from './options.js';

export const plotCommand: Command = {
  name: 'plot',
  summary: "Draw a Keras file's model graph as SVG, as keras.utils.plot_model does",
  usage:
    'kerasbridge plot FILE -o GRAPH.svg [--weights WEIGHTS] [--expand-nested] [--no-shapes] [--rankdir TB|LR|BT|RL] [--json]\n\n' +
    'FILE is any model file inspect reads. One box per layer (name, class, input and output shapes unless\n' +
    '--no-shapes), one edge per connection; nested models are one box, or with --expand-nested a dashed\n' +
    'cluster of their layers. --rankdir LR lays the graph out left to right. --json prints\n' +
    '{ output, layers, nodes, edges }: the file written, the boxes, the layer calls and the edges drawn.',
  options: {
    output: { type: 'string', short: 'o' },
    weights: { type: 'string' },
    'expand-nested': { type: 'boolean', default: false },
    'no-shapes': { type: 'boolean', default: false },
    rankdir: { type: 'string', default: 'TB' },
    json: { type: 'boolean', default: false },
  },
  async run({ values, positionals, io }) {
    const file = onlyPositional(positionals, 'plot', 'Keras file to draw');
    const output = values.output as string | undefined;
    if (!output) throw new KerasBridgeError('INVALID_ARGUMENT', "Give the SVG file to write with -o GRAPH.svg. Run 'kerasbridge plot --help'.");
    const rankdir = values.rankdir as RankDir;
    if (!RANKDIRS.includes(rankdir)) throw new KerasBridgeError('INVALID_ARGUMENT', `--rankdir takes one of ${RANKDIRS.join(', ')}, but got '${rankdir}'.`);
    const { model, warnings } = await importModel(file, { weights: values.weights as string | undefined });
    const { graph, svg } = drawModel(model, {
      expandNested: values['expand-nested'] as boolean,
      showShapes: !values['no-shapes'],
      rankdir,
    });
    await writeFileAtomic(output, svg);
    const layers = allBoxes(graph).length;
    if (values.json) io.out(JSON.stringify({ output, layers, nodes: graph.calls, edges: graph.edges.length }, null, 2));
    else io.out(`Wrote ${output}: ${layers} layers, ${graph.edges.length} edges.`);
    for (const warning of values.json ? [] : warnings) io.err(`warning: ${warning}`);
    return 0;
  },
};

