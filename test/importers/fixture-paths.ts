import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The reader fixtures written by fixtures/readers/generate_readers.py. */
export const READERS = fileURLToPath(new URL('../../fixtures/readers/', import.meta.url));

/** Real third-party files, read in place from the shared checkout next to the repo (never copied). */
export const WILD = fileURLToPath(new URL('../../../shared/fixtures-wild/', import.meta.url));

/** The wild files' MANIFEST.tsv rows, keyed by its header line (local_path, format, keras_version, notes, ...). */
export function wildManifest(): Record<string, string>[] {
  const [header, ...lines] = readFileSync(`${WILD}MANIFEST.tsv`, 'utf8').trimEnd().split('\n');
  const columns = header!.split('\t');
  return lines.map((line) => Object.fromEntries(line.split('\t').map((cell, i) => [columns[i], cell])));
}

export const expected = JSON.parse(readFileSync(`${READERS}expected.json`, 'utf8')) as Expected;

type Value = number | string;

export interface Expected {
  attrs: {
    group: Record<string, Value | Value[]>;
    group_list_names: string[];
    group_types: Record<string, { vlen: boolean | null; cset: number | null }>;
  };
  chunked_attrs: { chunks: string[]; count: number; first: string; last: string };
  datasets: Record<string, { shape: number[]; h5py_dtype: string; values: Value[] }>;
  keras: {
    weights: Record<string, { shape: number[]; dtype: string; values: number[] }>;
    bfloat16_in_weights_h5: { opaque: boolean; dtype_attr: string };
    bfloat16_in_legacy_h5: { opaque: boolean; attrs: string[] };
    dir_entries: string[];
  };
  wild: Record<
    string,
    {
      datasets: Record<string, { shape: number[]; dtype: string; sum: number; first: number[] }>;
      lists: Record<string, Record<string, string[]>>;
    }
  >;
}
