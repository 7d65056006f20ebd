import { KerasBridgeError } from '../ir/errors.js';

const NON_FINITE = /NaN|Infinity/;

/**
 * Parses JSON as Python's `json.dumps` writes it: Keras configs may hold bare `NaN`, `Infinity` and
 * `-Infinity` (e.g. `ReLU(max_value=inf)`), which `JSON.parse` rejects. Those tokens inside strings are
 * left alone. Invalid JSON throws a `CORRUPT_FILE` error naming `fileName`.
 */
export function parseKerasJson(text: string, fileName = 'JSON text'): unknown {
  try {
    if (!NON_FINITE.test(text)) return JSON.parse(text);
    const nanMarker = uniqueMarker(text);
    const parsed: unknown = JSON.parse(rewriteNonFinite(text, nanMarker), (_key, value: unknown) =>
      value === nanMarker ? NaN : value,
    );
    return parsed;
  } catch (error) {
    throw new KerasBridgeError(
      'CORRUPT_FILE',
      `File '${fileName}' is not valid JSON (${(error as Error).message}). Check that it is a complete, unmodified Keras or TF.js file.`,
      { file: fileName, cause: error },
    );
  }
}

/** A string that cannot be confused with any string value of the document (random, and absent from it). */
function uniqueMarker(text: string): string {
  for (;;) {
    const marker = `kerasbridge-nan-${Math.random().toString(36).slice(2)}`;
    if (!text.includes(marker)) return marker;
  }
}

/**
 * Rewrites the Python tokens outside strings into standard JSON: `Infinity` as `1e999`, which
 * `JSON.parse` reads as Infinity (`-Infinity` keeps its minus), and `NaN` as the marker string.
 */
function rewriteNonFinite(text: string, nanMarker: string): string {
  const parts: string[] = [];
  let copiedUpTo = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
    } else {
      const token = c === 'N' && text.startsWith('NaN', i) ? 'NaN' : c === 'I' && text.startsWith('Infinity', i) ? 'Infinity' : '';
      if (token) {
        parts.push(text.slice(copiedUpTo, i), token === 'NaN' ? `"${nanMarker}"` : '1e999');
        copiedUpTo = i + token.length;
        i = copiedUpTo - 1;
      }
    }
  }
  parts.push(text.slice(copiedUpTo));
  return parts.join('');
}
