/**
 * Codegen: a model as the TypeScript a person would write with the builder API, following the Keras
 * functional API guide. Built as ts-morph structures from the IR, generically from each layer's
 * definition (its defaults and positional arguments), and printed once.
 */
import type { Functional } from '../ir/functional.js';
import { BodyWriter } from './builder-body.js';
import { Namer } from './identifiers.js';
import { needsSetup, setupStatements } from './model-setup.js';
import { planModule } from './module-plan.js';
import { printModule, type FunctionCode } from './print-module.js';

export interface CodegenOptions {
  /** The file the model was read from, named in the module's comments. */
  readonly source?: string;
  /** The file its loadWeights() reads, when not `source` (the weights of a JSON config). */
  readonly weights?: string;
}

/** Names the generated module defines or imports, which no local may shadow. */
const MODULE_NAMES = ['Input', 'Model', 'Sequential', 'ELLIPSIS', 'slice', 'layers', 'ops', 'buildModel', 'loadWeights', 'loadWeightsFile'];

/** The model as a TypeScript module exporting `buildModel(): Model` and `loadWeights(model, source)`. */
export async function generateTypeScript(model: Functional, options: CodegenOptions = {}): Promise<string> {
  const plan = planModule(model, new Namer(MODULE_NAMES));
  const imports = new Set<string>();
  const functions = [...plan.builders].map(([built, name]): FunctionCode => {
    const namer = new Namer([...MODULE_NAMES, ...plan.builders.values()]);
    const writer = new BodyWriter(built, plan, namer, (n) => imports.add(n));
    const body = writer.write();
    if (built !== model || !needsSetup(model)) return { name, model: built, statements: body.statements, returned: body.model };
    const variable = namer.claim('model');
    const statements = [...body.statements, ['const ', variable, ' = ', body.model, ';'], ...setupStatements(model, variable, writer)];
    return { name, model: built, statements, returned: variable };
  });
  return printModule({ top: model, functions, imports, source: options.source, weights: options.weights ?? options.source });
}
