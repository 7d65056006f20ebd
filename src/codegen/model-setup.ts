import type { Functional } from '../ir/functional.js';
import { canonicalValue } from './config-values.js';
import type { Doc } from './layout.js';
import { objectDoc, valueDoc, type ValueContext } from './values.js';

/** Whether the top model needs statements after it is built. */
export function needsSetup(model: Functional): boolean {
  return model.compileConfig !== undefined || model.savedBy !== undefined;
}

/** What finishes the top model once built: its `compile()` arguments, and the Keras it follows. */
export function setupStatements(model: Functional, variable: string, context: ValueContext): Doc[] {
  const statements: Doc[] = [];
  if (model.compileConfig) {
    const given = Object.entries(model.compileConfig).filter(([, value]) => value !== null && value !== undefined);
    statements.push([variable, '.compile(', objectDoc(given.map(([key, value]) => [key, valueDoc(canonicalValue(value), context)])), ');']);
  }
  if (model.savedBy) {
    statements.push(
      '// Exporters follow the Keras that wrote the file: hard_sigmoid changed in Keras 3.',
      [variable, '.savedBy = ', valueDoc(model.savedBy, context), ';'],
    );
  }
  return statements;
}
