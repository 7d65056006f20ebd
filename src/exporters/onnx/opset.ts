import { KerasBridgeError } from '../../ir/errors.js';

export const MIN_OPSET = 13;
export const MAX_OPSET = 21;

// The lowest IR version each opset can be read with, from onnx.helper.VERSION_TABLE (onnx 1.23):
// older runtimes then still load what we write.
const IR_VERSION: Readonly<Record<number, number>> = { 13: 7, 14: 7, 15: 8, 16: 8, 17: 8, 18: 8, 19: 9, 20: 9, 21: 10 };

export function checkOpset(opset: number): number {
  if (!Number.isInteger(opset) || opset < MIN_OPSET || opset > MAX_OPSET) {
    throw new KerasBridgeError(
      'INVALID_ARGUMENT',
      `ONNX opset ${JSON.stringify(opset)} is not supported: kerasbridge writes opsets ${MIN_OPSET} to ${MAX_OPSET}. Pass one of them as { opset }.`,
    );
  }
  return opset;
}

export function irVersion(opset: number): number {
  return IR_VERSION[opset]!;
}
