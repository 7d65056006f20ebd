import { readFile } from 'node:fs/promises';
import { KerasBridgeError } from '../ir/errors.js';
import type { NdArray } from '../runtime/nd-array.js';
import { readNpy } from '../runtime/npy.js';
import { readNpz } from '../runtime/npz.js';

const isZip = (bytes: Uint8Array) => bytes[0] === 0x50 && bytes[1] === 0x4b;

/**
 * The arrays of `--input` arguments, by input name: `NAME=FILE.npy`, `FILE.npz` (its entries named after the
 * inputs), or `FILE.npy` alone for a model with one input. Files are told apart by content.
 */
export async function readInputArguments(args: readonly string[], inputNames: readonly string[]): Promise<Record<string, NdArray>> {
  if (args.length === 0) {
    throw new KerasBridgeError('INVALID_ARGUMENT', `Give the model's inputs (${inputNames.join(', ')}) with --input NAME=FILE.npy or --input FILE.npz.`);
  }
  const inputs: Record<string, NdArray> = {};
  const add = (name: string, array: NdArray) => {
    if (Object.hasOwn(inputs, name)) throw new KerasBridgeError('INVALID_ARGUMENT', `Input '${name}' is given twice. Give each input once.`, { layer: name });
    inputs[name] = array;
  };
  for (const arg of args) {
    const equals = arg.indexOf('=');
    const name = equals > 0 ? arg.slice(0, equals) : undefined;
    const file = arg.slice(equals + 1);
    const bytes = await readInputFile(file);
    if (!isZip(bytes)) add(name ?? soleInput(inputNames, file), readNpy(bytes, file));
    else if (name === undefined) for (const [entry, array] of Object.entries(readNpz(bytes, file))) add(entry, array);
    else throw new KerasBridgeError('INVALID_ARGUMENT', `'${file}' is an .npz archive; give it alone (--input ${file}) and name its arrays after the inputs.`, { file });
  }
  return inputs;
}

function soleInput(inputNames: readonly string[], file: string): string {
  if (inputNames.length === 1) return inputNames[0]!;
  throw new KerasBridgeError('INVALID_ARGUMENT', `The model has ${inputNames.length} inputs (${inputNames.join(', ')}): say which one '${file}' is with --input NAME=${file}.`);
}

async function readInputFile(file: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(file));
  } catch (error) {
    throw new KerasBridgeError('FILE_NOT_FOUND', `Cannot read '${file}' (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). Check the path.`, { file, cause: error });
  }
}
