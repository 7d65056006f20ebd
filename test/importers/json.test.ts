import { describe, expect, test } from 'vitest';
import { parseKerasJson } from '../../src/importers/json.js';

describe('parseKerasJson reads JSON as Python writes it', () => {
  test.each([
    ['bare NaN, Infinity, -Infinity', '{"a": NaN, "b": Infinity, "c": -Infinity}', { a: NaN, b: Infinity, c: -Infinity }],
    ['in arrays', '[1, NaN, -Infinity]', [1, NaN, -Infinity]],
    ['tokens inside strings stay text', '{"s": "NaN Infinity -Infinity", "NaN": Infinity}', { s: 'NaN Infinity -Infinity', NaN: Infinity }],
    ['escaped quotes do not end a string', '{"s": "say \\"NaN\\" Infinity", "n": NaN}', { s: 'say "NaN" Infinity', n: NaN }],
    ['an escaped backslash does end one', '{"s": "a\\\\", "n": NaN}', { s: 'a\\', n: NaN }],
    ['standard JSON untouched', '{"max_value": 6.0, "name": "re_lu"}', { max_value: 6, name: 're_lu' }],
    ['a Keras 1 bare list', '[{"class_name": "Dense", "config": {"output_dim": 3}}]', [{ class_name: 'Dense', config: { output_dim: 3 } }]],
  ])('%s', (_, text, value) => {
    expect(parseKerasJson(text)).toEqual(value);
  });

  test.each([
    ['a misspelt token', '{"a": Nan}'],
    ['a token glued to letters', '{"a": Infinityx}'],
    ['cut-off text', '{"a": NaN, "b": [1, 2'],
  ])('%s is a CORRUPT_FILE error naming the file', (_, text) => {
    expect(() => parseKerasJson(text, 'model.json')).toThrow(
      expect.objectContaining({ code: 'CORRUPT_FILE', file: 'model.json', message: expect.stringMatching(/^File 'model.json' is not valid JSON \(/) }),
    );
  });
});
