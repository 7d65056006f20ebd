import { KerasBridgeError } from '../ir/errors.js';
import type { OpArg } from '../ir/op-args.js';
import { OperationLayer, type OperationDefinition } from '../ir/operation.js';
import type { SymbolicTensor } from '../ir/tensor.js';

/** A tensor or a Python-like scalar, as numpy-like operations take them. */
export type OpValue = SymbolicTensor | number | boolean;

/** An operation's options: its config under Keras' names, and the node name Keras would generate. */
export type OpOptions<C> = Partial<C> & { name?: string };

/**
 * `keras.ops.<fn>` as a function: the call's arguments positionally, as in Python, then the
 * operation's options: `ops.add(a, b)`, `ops.sum(x, { axis: 1, keepdims: true })`.
 */
export interface OpFunction<A extends unknown[], C extends object> {
  (...args: [...A, OpOptions<C>?]): SymbolicTensor;
  readonly definition: OperationDefinition<C>;
}

export function opFunction<A extends unknown[], C extends object>(definition: OperationDefinition<C>): OpFunction<A, C> {
  const arity = definition.args.length;
  const fn = (...values: unknown[]): SymbolicTensor => {
    if (values.length < arity || values.length > arity + 1) {
      throw new KerasBridgeError(
        'INVALID_ARGUMENT',
        `ops.${definition.className} takes ${arity} argument(s) (${definition.args.join(', ')}) and an optional options object; got ${values.length}.`,
      );
    }
    const { name, ...config } = (values[arity] ?? {}) as OpOptions<C>;
    const op = OperationLayer.create(definition, config as Partial<C>, name);
    return op.callWith(values.slice(0, arity) as OpArg[]) as SymbolicTensor;
  };
  return Object.assign(fn, { definition }) as OpFunction<A, C>;
}
