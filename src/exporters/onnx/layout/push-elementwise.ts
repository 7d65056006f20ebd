import { pushPast, readBefore, sharedPerm, type LayoutRule } from './rule.js';

/**
 * Ops that compute each element from the elements at the same index of their (broadcast) inputs, so
 * that f(Transpose(x), c) = Transpose(f(x, c')) with c' the constant c transposed back. Clip's bounds
 * are scalars; PRelu's slope broadcasts to its input. Attributes (alpha, to, ...) are per element.
 */
const ELEMENTWISE = [
  'Abs', 'Acos', 'Acosh', 'Asin', 'Asinh', 'Atan', 'Atanh', 'Cast', 'Ceil', 'Celu', 'Clip', 'Cos', 'Cosh', 'Elu', 'Erf', 'Exp',
  'Floor', 'Gelu', 'HardSigmoid', 'HardSwish', 'Identity', 'IsInf', 'IsNaN', 'LeakyRelu', 'Log', 'Mish', 'Neg', 'Not',
  'Reciprocal', 'Relu', 'Round', 'Selu', 'Shrink', 'Sigmoid', 'Sign', 'Sin', 'Sinh', 'Softplus', 'Softsign', 'Sqrt', 'Tan',
  'Tanh', 'ThresholdedRelu',
  'Add', 'And', 'Div', 'Equal', 'Greater', 'GreaterOrEqual', 'Less', 'LessOrEqual', 'Max', 'Mean', 'Min', 'Mod', 'Mul', 'Or',
  'Pow', 'PRelu', 'Sub', 'Sum', 'Where', 'Xor',
];

export const PUSH_ELEMENTWISE: LayoutRule<number[]> = {
  pattern: ELEMENTWISE,
  check: (g, node) => sharedPerm(g, node),
  rewrite: (g, node, perm) => pushPast(g, node, readBefore(g, node, perm), perm),
};
