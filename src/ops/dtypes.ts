import { KerasBridgeError } from '../ir/errors.js';
import type { DType } from '../ir/shape.js';

/**
 * A dtype as Keras' `result_type` takes it: a tensor dtype, or Python's `int` / `float` for a scalar
 * constant, which is weakly typed (`int32_tensor + 1` stays int32, `float16_tensor * 2.0` float16).
 */
export type DTypeOperand = DType | 'int' | 'float';

type Node = DType | 'int' | 'float' | 'complex64' | 'complex128';

// Keras' type promotion lattice (keras/src/backend/common/dtypes.py, adapted from JAX): each type to
// the types just above it. 'int' and 'float' are the weak Python scalar types.
const LATTICE: Record<Exclude<Node, 'string'>, readonly Node[]> = {
  bool: ['int'],
  uint8: ['int16', 'uint16'],
  uint16: ['int32', 'uint32'],
  uint32: ['int64', 'uint64'],
  uint64: ['float'],
  int: ['uint8', 'int8', 'complex64'],
  int8: ['int16'],
  int16: ['int32'],
  int32: ['int64'],
  int64: ['float'],
  float: ['bfloat16', 'float16'],
  bfloat16: ['float32'],
  float16: ['float32'],
  float32: ['float64', 'complex64'],
  float64: ['complex128'],
  complex64: ['complex128'],
  complex128: [],
};

const UPPER_BOUNDS = new Map<Node, Set<Node>>();
for (const node of Object.keys(LATTICE) as (keyof typeof LATTICE)[]) {
  const bounds = new Set<Node>([node]);
  for (const n of bounds) for (const up of LATTICE[n as keyof typeof LATTICE]) bounds.add(up);
  UPPER_BOUNDS.set(node, bounds);
}

function leastUpperBound(nodes: ReadonlySet<Node>): Node {
  const bounds = [...nodes].map((n) => {
    const b = UPPER_BOUNDS.get(n);
    if (!b) throw new KerasBridgeError('INVALID_ARGUMENT', `dtype ${n} is not a valid dtype for Keras type promotion.`);
    return b;
  });
  const common = [...bounds[0]!].filter((n) => bounds.every((b) => b.has(n)));
  const inInputs = common.filter((n) => nodes.has(n));
  const least = inInputs.length > 0 ? inInputs : common.filter((c) => common.every((d) => UPPER_BOUNDS.get(c)!.has(d)));
  if (least.length !== 1) {
    throw new KerasBridgeError(
      'INVALID_ARGUMENT',
      `Input dtypes (${[...nodes].join(', ')}) have no available implicit dtype promotion path. Cast the inputs to the desired output type.`,
    );
  }
  return least[0]!;
}

/** A weak type resolved at Keras' default 32-bit precision (floatx float32). */
function resolveWeak(dtype: Node): DType {
  if (dtype === 'bool') return 'bool';
  if (dtype.startsWith('u')) return 'uint32';
  if (dtype.startsWith('i')) return 'int32';
  return 'float32';
}

/**
 * Keras' `keras.backend.result_type` under the TensorFlow backend: the dtype of a binary or n-ary
 * operation on these operands. A 64-bit result stays 64-bit except uint64 (TensorFlow keeps int64 and float64).
 */
export function resultType(...operands: DTypeOperand[]): DType {
  if (operands.length === 0) return 'float32';
  // Python's int is int64 under TensorFlow, its float float32; both weak.
  const dtypes = operands.map((o) => (o === 'int' ? 'int64' : o === 'float' ? 'float32' : o));
  const weak = operands.map((o) => o === 'int' || o === 'float');
  let out: Node;
  let outWeak: boolean;
  if (operands.length === 1) {
    [out, outWeak] = [dtypes[0]!, weak[0]!];
  } else if (new Set(dtypes).size === 1 && !weak.every(Boolean)) {
    [out, outWeak] = [dtypes[0]!, false];
  } else if (weak.every(Boolean)) {
    [out, outWeak] = [leastUpperBound(new Set(dtypes)), true];
  } else {
    out = leastUpperBound(new Set(operands.map((o, i) => (weak[i] ? o : dtypes[i]!))));
    outWeak = out === 'int' || out === 'float';
  }
  if (out !== 'bool' && outWeak) out = resolveWeak(out);
  if (out === 'uint64') return 'uint32';
  if (out === 'complex64' || out === 'complex128' || out === 'int' || out === 'float') {
    throw new KerasBridgeError('INVALID_ARGUMENT', `The result dtype ${out} of (${operands.join(', ')}) is not supported.`);
  }
  return out;
}
