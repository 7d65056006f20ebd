import type { RecurrentConfig } from '../../../layers/rnn.js';
import type { Lowering } from '../graph.js';
import { directionOutputs, recurrentNode, recurrentUnsupported, reverseTime } from './recurrent-node.js';

/**
 * SimpleRNN, LSTM and GRU (keras/src/layers/rnn/rnn.py): the output, then the states when
 * `return_state` is set. A layer with `go_backwards` returns its sequence in the order it read the
 * steps, last step first, where ONNX's 'reverse' direction keeps the input order.
 */
function recurrentLowering(className: string): Lowering<RecurrentConfig> {
  return {
    className,
    unsupported: recurrentUnsupported,
    lower(g, call, [x]) {
      const c = call.config;
      const node = recurrentNode(g, [call], x!, c.go_backwards ? 'reverse' : 'forward');
      const { output, states } = directionOutputs(g, node, 1, { sequences: c.return_sequences, states: c.return_state })[0]!;
      return [c.return_sequences && c.go_backwards ? reverseTime(g, output) : output, ...states];
    },
  };
}

export const RECURRENT_LOWERINGS = ['SimpleRNN', 'LSTM', 'GRU'].map(recurrentLowering);
