import { KerasBridgeError } from '../ir/errors.js';
import { formatShape } from '../ir/shape.js';
import type { NdArray } from '../runtime/nd-array.js';
import { writeNpz } from '../runtime/npz.js';

/** The file formats `run -o` writes, told by the file name's extension since the file does not exist yet. */
export type OutputFormat = 'npz' | 'json';

export function outputFormat(path: string): OutputFormat {
  const extension = /\.(npz|json)$/i.exec(path)?.[1]?.toLowerCase();
  if (extension === undefined) throw new KerasBridgeError('INVALID_ARGUMENT', `-o takes an .npz or .json file name, but got '${path}'.`);
  return extension as OutputFormat;
}

/** Outputs as JSON data: `{ name: { shape, dtype, data } }`, data flat in row-major order (bool as true/false). */
export function outputsToJson(outputs: Readonly<Record<string, NdArray>>, withData = true): Record<string, unknown> {
  return Object.fromEntries(Object.entries(outputs).map(([name, array]) => [name, { shape: array.shape, dtype: array.dtype, ...(withData && { data: jsonValues(array) }) }]));
}

function jsonValues({ data, dtype }: NdArray, count = data.length): (number | boolean)[] {
  return Array.from({ length: Math.min(count, data.length) }, (_, i) => (dtype === 'bool' ? data[i] === 1 : Number(data[i])));
}

export function encodeOutputs(outputs: Readonly<Record<string, NdArray>>, format: OutputFormat): Uint8Array | string {
  return format === 'npz' ? writeNpz(outputs) : `${JSON.stringify({ outputs: outputsToJson(outputs) })}\n`;
}

const PREVIEW = 8;

/** One line per output: its name, shape, dtype and first values, as a reader skims them. */
export function describeOutputs(outputs: Readonly<Record<string, NdArray>>): string {
  return Object.entries(outputs)
    .map(([name, array]) => {
      const more = array.data.length > PREVIEW ? `, ... (${array.data.length} values)` : '';
      return `${name} ${formatShape(array.shape)} ${array.dtype}: ${jsonValues(array, PREVIEW).join(', ')}${more}`;
    })
    .join('\n');
}
