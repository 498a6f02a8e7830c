/**
 * exportC(model) → one dependency-free C99 source and header (`<name>.c`, `<name>.h`).
 *
 * The generated code takes RAW inputs (a struct with one field per raw column the model reads), replays
 * the model's recipe (imputation, one-hot with unseen → "(other)", ordinal codes, scaling) and the
 * feature layout, then runs the model: dense networks (linear and logistic regression included) in float,
 * optionally with int8 weights, or tree ensembles routed on the raw inputs (see ./trees for why that is
 * exact). No allocation, no mutable globals, only <math.h> and <stdint.h>.
 *
 * Order of work: compile the recipe → plan the model → self-check against the engine (./check) →
 * estimate flash and RAM → refuse when over budget (MW_EXPORT_TOO_LARGE, with smaller variants that fit)
 * → emit C.
 */
import { MwError } from '../../errors';
import type { ModelBundle } from '../../ml/model';
import { MODELWRIGHT_VERSION } from '../../version';
import { commentLine, commentText } from './c-syntax';
import { CUnit } from './c-unit';
import { checkNetwork, checkTrees, type CheckResult } from './check';
import { categoryCodeStatements, featureVectorStatements } from './emit-inputs';
import { classHelper } from './emit-math';
import { emitNetwork, networkOf, planNetwork, type NetworkPlan } from './network';
import { exportCOptionsSchema, type ExportCOptionsInput } from './options';
import { compileProgram, type Program } from './program';
import { describeEstimate, estimateNetwork, estimateTrees, fits, networkSuggestions, type SizeEstimate, tooLarge, treeSuggestions } from './size';
import { emitTrees, ensembleOf, planTrees, treeTableSizes, type TreePlan } from './trees';

export interface GeneratedFile {
  readonly path: string;
  readonly text: string;
}

export type ExportTarget = { readonly kind: 'network'; readonly plan: NetworkPlan } | { readonly kind: 'trees'; readonly plan: TreePlan };

export interface ExportCResult {
  readonly name: string;
  readonly header: GeneratedFile;
  readonly source: GeneratedFile;
  readonly estimate: SizeEstimate;
  readonly program: Program;
  readonly target: ExportTarget;
  /** Rows and differences of the self-check against the engine. */
  readonly check: CheckResult;
  readonly outputs: number;
  readonly classes: readonly string[];
  /** Lines for people: what was exported, the estimate, notes. */
  readonly summary: readonly string[];
}

function unsupported(message: string, details?: Record<string, unknown>): MwError {
  return new MwError('MW_EXPORT_UNSUPPORTED', { message, ...(details === undefined ? {} : { details }) });
}

/** Plans, checks and sizes the export; throws MW_EXPORT_UNSUPPORTED or MW_EXPORT_TOO_LARGE. */
export function exportC(model: ModelBundle, rawOptions: ExportCOptionsInput = {}): ExportCResult {
  const options = exportCOptionsSchema.parse(rawOptions);
  const budget = { flash: options.budgetFlash, ram: options.budgetRam };
  const program = compileProgram(model);
  const classes = model.task === 'classification' ? model.classes : [];
  const notes: string[] = [];
  const network = networkOf(model.estimator);
  const ensemble = ensembleOf(model.estimator);
  let target: ExportTarget;
  if (network !== null) {
    if (network.architecture.inputs !== program.width) throw unsupported(`The network reads ${network.architecture.inputs} inputs but the feature layout makes ${program.width}.`);
    target = { kind: 'network', plan: planNetwork(network, options.int8) };
  } else if (ensemble !== null) {
    target = { kind: 'trees', plan: planTrees(ensemble, program) };
    if (options.int8) notes.push('int8 applies to network weights; the tree tables stay float (thresholds must stay exact).');
  } else {
    throw unsupported(`Models of the "${model.estimator.family}" family (${model.estimator.description}) cannot be exported to C.`, { family: model.estimator.family });
  }
  const expectedOutputs = classes.length > 0 ? classes.length : 1;
  if (target.kind === 'network' && (target.plan.architecture.head === 'softmax' ? target.plan.architecture.outputs : target.plan.architecture.head === 'sigmoid' ? 2 : 1) !== expectedOutputs) {
    throw unsupported('The network\'s outputs do not match the model\'s classes.');
  }

  // Size first (cheap), so an over-budget model is refused before the self-check runs it.
  let unit = new CUnit(options.name);
  let code = emitCode(unit, model, program, target, classes);
  let estimate: SizeEstimate;
  if (target.kind === 'network') {
    const arch = target.plan.architecture;
    const other = unit.dataBytes - code.modelTableBytes;
    estimate = estimateNetwork(program, arch, options.int8, other, classes.length);
    if (!fits(estimate, budget)) throw tooLarge(estimate, budget, networkSuggestions(program, arch, options.int8, other, classes.length, budget));
  } else {
    const sizes = treeTableSizes(target.plan, program);
    const other = unit.dataBytes - code.modelTableBytes;
    estimate = estimateTrees(program, target.plan, code.modelTableBytes, other);
    if (!fits(estimate, budget)) throw tooLarge(estimate, budget, treeSuggestions(program, target.plan, sizes.perTree, sizes.fixed, other, budget));
  }

  let check: CheckResult;
  if (target.kind === 'network') {
    check = checkNetwork(model, program, network === null ? target.plan : planNetwork(network, false));
  } else {
    const checked = checkTrees(model, program, target.plan, ensemble!);
    check = checked.result;
    if (checked.plan !== target.plan) {
      // The estimator reports regression values in target units: emit the mapping back too.
      target = { kind: 'trees', plan: checked.plan };
      unit = new CUnit(options.name);
      code = emitCode(unit, model, program, target, classes);
    }
  }

  const header = renderHeader(options.name, model, program, target, classes);
  const source = renderSource(options.name, model, unit, code);
  const summary = [
    `${model.kind} (${model.estimator.description}) → ${options.name}.c / ${options.name}.h${target.kind === 'network' && options.int8 ? ' with int8 weights' : ''}`,
    `Inputs: ${program.inputs.map((i) => `${i.field} (${i.kind})`).join(', ')}${program.unused.length > 0 ? `; not read by the model: ${program.unused.join(', ')}` : ''}.`,
    ...describeEstimate(estimate),
    `Self-check: ${check.rows} probe rows through the engine and the exporter agree${check.leavesCompared > 0 ? ` (${check.leavesCompared} tree leaves identical)` : ''}; largest relative output difference ${check.maxOutputDifference.toExponential(2)}.`,
    ...(target.kind === 'network' && options.int8 ? [`int8: largest weight error ${target.plan.maxWeightError.toExponential(2)}.`] : []),
    ...notes,
  ];
  return {
    name: options.name,
    header: { path: `${options.name}.h`, text: header },
    source: { path: `${options.name}.c`, text: source },
    estimate,
    program,
    target,
    check,
    outputs: expectedOutputs,
    classes,
    summary,
  };
}

interface FunctionCode {
  readonly predictLocals: readonly string[];
  readonly predictBody: readonly string[];
  readonly leafLocals: readonly string[] | null;
  readonly leafBody: readonly string[] | null;
  /** Bytes of the model's own tables (weights or tree tables), the rest being strings and lookups. */
  readonly modelTableBytes: number;
}

function emitCode(unit: CUnit, model: ModelBundle, program: Program, target: ExportTarget, classes: readonly string[]): FunctionCode {
  if (classes.length > 0) unit.stringTable('class_labels', classes, `Class labels of ${commentText(model.target)}, in output order.`, true);
  const codes = categoryCodeStatements(unit, program);
  const result = classes.length > 0 ? `return ${classHelper(unit)}(out, ${classes.length});` : 'return 0;';
  if (target.kind === 'network') {
    const features = featureVectorStatements(unit, program);
    const net = emitNetwork(unit, target.plan);
    const body = [...codes, ...features, ...net.statements];
    const locals = [`float x[${program.width}];`, ...net.locals, ...scalarLocals(body, ['i', 's'])];
    return { predictLocals: locals, predictBody: [...body, result], leafLocals: null, leafBody: null, modelTableBytes: net.tableBytes };
  }
  const before = unit.dataBytes;
  const trees = emitTrees(unit, target.plan, program);
  const modelTableBytes = unit.dataBytes - before;
  const body = [...codes, ...trees.inputStatements, ...trees.scoreStatements];
  const locals = [...trees.inputLocals, ...trees.scoreLocals, ...scalarLocals(body, ['i'])];
  const leafBody = [...codes, ...trees.inputStatements, `return ${trees.route('tree')};`];
  return { predictLocals: locals, predictBody: [...body, result], leafLocals: trees.inputLocals, leafBody, modelTableBytes };
}

/** `int i;` / `int s;` when the statements use them (comments stripped first). */
function scalarLocals(statements: readonly string[], names: readonly string[]): string[] {
  const code = statements.join('\n').replace(/\/\*[\s\S]*?\*\//g, '').replace(/"(?:[^"\\]|\\.)*"/g, '""');
  return names.filter((n) => new RegExp(`\\b${n}\\b`).test(code)).map((n) => `int ${n};`);
}

function guard(name: string): string {
  return `MODELWRIGHT_${name.toUpperCase()}_H`;
}

function describeInput(input: Program['inputs'][number]): string {
  if (input.kind === 'date') return `${commentText(input.name)}: date, milliseconds since 1970-01-01T00:00:00Z; NAN when missing`;
  if (input.kind === 'number') return `${commentText(input.name)}: ${input.type}${input.type === 'boolean' ? ' (0 or 1)' : ''}; NAN when missing`;
  const shown = input.categories.slice(0, 12).map((c) => commentText(c)).join(', ');
  const more = input.categories.length > 12 ? `, … (${input.categories.length} in all)` : '';
  return `${commentText(input.name)}: category (${input.categories.length} known${input.categories.length > 0 ? `: ${shown}${more}` : ''}); NULL when missing`;
}

function renderHeader(name: string, model: ModelBundle, program: Program, target: ExportTarget, classes: readonly string[]): string {
  const upper = name.toUpperCase();
  const outputs = classes.length > 0 ? classes.length : 1;
  const task = classes.length > 0
    ? `classification of ${commentText(model.target)} into ${classes.length} classes: ${classes.slice(0, 20).map((c) => commentText(c)).join(', ')}${classes.length > 20 ? ', …' : ''}`
    : `regression of ${commentText(model.target)}`;
  const lines = [
    `/* ${name}.h: generated by Modelwright ${MODELWRIGHT_VERSION}; do not edit.`,
    ` * Model: ${commentLine(model.kind)}, ${commentLine(model.estimator.description)}; ${task}.`,
    ' * Plain C99: no allocation, no mutable globals, only <math.h> and <stdint.h>; link with -lm.',
    ' * Inputs are RAW values: the preprocessing the model was trained with (imputation, encoding, scaling)',
    ' * runs inside the predict function. Numbers are float (dates double); a missing number is NAN.',
    ' * A category is its text exactly as in the training data (UTF-8, compared byte for byte); NULL is',
    ' * missing; any other text is an unseen category, handled as in training ("(other)", or no one-hot).',
    ' */',
    `#ifndef ${guard(name)}`,
    `#define ${guard(name)}`,
    '',
    `/* Floats written to out by ${name}_predict. */`,
    `#define ${upper}_OUTPUTS ${outputs}`,
    `/* Classes (0 for regression). */`,
    `#define ${upper}_CLASSES ${classes.length}`,
  ];
  if (target.kind === 'trees') lines.push(`/* Trees in the ensemble. */`, `#define ${upper}_TREES ${target.plan.trees.length}`);
  lines.push('', `/* One field per raw column the model reads${program.unused.length > 0 ? ` (it ignores ${program.unused.map((u) => commentText(u)).join(', ')})` : ''}. */`);
  lines.push(`typedef struct ${name}_input {`);
  for (const input of program.inputs) {
    const type = input.kind === 'category' ? 'const char *' : input.kind === 'date' ? 'double ' : 'float ';
    lines.push(`  ${type}${input.field}; /* ${describeInput(input)} */`);
  }
  lines.push(`} ${name}_input_t;`, '');
  if (classes.length > 0) {
    lines.push(`/* Class labels in output order (escaped C strings). */`, `extern const char *const ${name}_class_labels[${upper}_CLASSES];`, '');
  }
  lines.push(
    `/* Predicts one row. out receives ${upper}_OUTPUTS floats: ${classes.length > 0 ? 'the probability of each class' : `the predicted ${commentText(model.target)}`}.`,
    ` * Returns ${classes.length > 0 ? 'the predicted class index (as the engine decides: class 1 when p >= 0.5 for two classes, else the most probable)' : '0'}, or -1 when in or out is NULL. */`,
    `int ${name}_predict(const ${name}_input_t *in, float *out);`,
  );
  if (target.kind === 'trees') {
    lines.push(
      '',
      `/* The leaf (node index within tree \`tree\`, as in the engine) the row reaches; -1 for bad arguments.`,
      ' * For checking the C against the engine leaf by leaf. */',
      `int ${name}_tree_leaf(const ${name}_input_t *in, int tree);`,
    );
  }
  lines.push('', `#endif /* ${guard(name)} */`, '');
  return lines.join('\n');
}

function indent(lines: readonly string[]): string {
  return lines.flatMap((l) => l.split('\n')).map((l) => `  ${l}`).join('\n');
}

function renderSource(name: string, model: ModelBundle, unit: CUnit, code: FunctionCode): string {
  const upper = name.toUpperCase();
  const parts = [
    `/* ${name}.c: generated by Modelwright ${MODELWRIGHT_VERSION} from ${commentLine(model.kind)} (${commentLine(model.estimator.description)}); do not edit. */`,
    '#include <math.h>',
    '#include <stdint.h>',
    `#include "${name}.h"`,
    '',
    unit.render(),
    '',
    `int ${name}_predict(const ${name}_input_t *in, float *out) {\n${indent(code.predictLocals)}\n  if (in == 0 || out == 0) return -1;\n${indent(code.predictBody)}\n}`,
  ];
  if (code.leafBody !== null && code.leafLocals !== null) {
    const locals = code.leafLocals.length > 0 ? `${indent(code.leafLocals)}\n` : '';
    parts.push('', `int ${name}_tree_leaf(const ${name}_input_t *in, int tree) {\n${locals}  if (in == 0 || tree < 0 || tree >= ${upper}_TREES) return -1;\n${indent(code.leafBody)}\n}`);
  }
  return `${parts.join('\n')}\n`;
}
