import type { RecurrentConfig } from '../../../layers/rnn.js';
import type { Lowering } from '../graph.js';
import { compactSteps } from './recurrent-mask.js';
import { directionOutputs, initialStates, initialStateUnsupported, recurrentNode, recurrentUnsupported, reverseTime } from './recurrent-node.js';

/**
 * SimpleRNN, LSTM and GRU (keras/src/layers/rnn/rnn.py): the output, then the states when
 * `return_state` is set. A layer with `go_backwards` returns its sequence in the order it read the
 * steps, last step first, where ONNX's 'reverse' direction keeps the input order. A mask runs the op
 * over the kept steps only (recurrent-mask.ts); `initial_state` (or the inputs after the sequence, in
 * Keras 2 and TF.js nodes) becomes the op's initial_h and initial_c.
 */
function recurrentLowering(className: string): Lowering<RecurrentConfig> {
  return {
    className,
    tensorKwargs: ['initial_state'],
    appliesMasks: true,
    unsupported: (call) => recurrentUnsupported(call) ?? initialStateUnsupported(call, [call]),
    lower(g, call, inputs, { masks: [mask], kwargs }) {
      const c = call.config;
      const x = inputs[0]!;
      const compacted = mask && compactSteps(g, x, mask);
      const initial = initialStates(inputs, kwargs);
      const given = { lengths: compacted?.lengths, initialStates: initial.length > 0 ? [initial] : undefined };
      const node = recurrentNode(g, [call], compacted?.x ?? x, c.go_backwards ? 'reverse' : 'forward', given);
      const { output, states } = directionOutputs(g, node, [call], { sequences: c.return_sequences, states: c.return_state }, compacted)[0]!;
      return [c.return_sequences && c.go_backwards ? reverseTime(g, output) : output, ...states];
    },
  };
}

export const RECURRENT_LOWERINGS = ['SimpleRNN', 'LSTM', 'GRU'].map(recurrentLowering);
