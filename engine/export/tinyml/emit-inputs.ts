/**
 * C for the preprocessing: category strings → codes (binary search over the sorted string table), and the
 * model's input vector computed from the raw inputs (networks). Numbers are computed in float; date inputs
 * (double fields) stay in double until the feature layout's scaling, then become float, as the engine's
 * feature matrix does. Category-derived values come from small lookup tables indexed by the code.
 */
import { commentText, doubleLiteral, floatLiteral, intType } from './c-syntax';
import type { CUnit } from './c-unit';
import { type CatExpr, codeCount, encodeSlot, evaluateCategory, layoutPosition, type NumExpr, type Program, type RawRow } from './program';

/** The local variable holding a category input's code inside the predict function. */
export function codeVariable(program: Program, input: number): string {
  return `c_${program.inputs[input]!.field}`;
}

/** Statements that compute the code of every category input (`const int c_<field> = …;`). */
export function categoryCodeStatements(unit: CUnit, program: Program): string[] {
  const lines: string[] = [];
  program.inputs.forEach((input, i) => {
    if (input.kind !== 'category') return;
    addLookupHelpers(unit);
    const k = input.categories.length;
    const table = k === 0 ? '0' : unit.stringTable(`cat_${input.field}`, input.categories, `Categories of ${commentText(input.name)} known to the model (code = index + 1).`);
    lines.push(`const int ${codeVariable(program, i)} = ${unit.name('code')}(in->${input.field}, ${table}, ${input.matchable}, ${k});`);
  });
  return lines;
}

function addLookupHelpers(unit: CUnit): void {
  unit.helper(
    'strcmp',
    `/* strcmp without <string.h>: compares unsigned bytes. */\nstatic int ${unit.name('strcmp')}(const char *a, const char *b) {\n` +
      `  while (*a != '\\0' && *a == *b) {\n    a++;\n    b++;\n  }\n  return (int)(unsigned char)*a - (int)(unsigned char)*b;\n}`,
  );
  unit.helper(
    'code',
    `/* Code of a category: 0 = missing (NULL), 1..count = position in the sorted table + 1, count + 1 = unseen. */\n` +
      `static int ${unit.name('code')}(const char *s, const char *const *table, int matchable, int count) {\n` +
      `  int lo = 0;\n  int hi = matchable - 1;\n  if (s == 0) return 0;\n  while (lo <= hi) {\n    const int mid = lo + (hi - lo) / 2;\n` +
      `    const int c = ${unit.name('strcmp')}(s, table[mid]);\n    if (c == 0) return mid + 1;\n    if (c < 0) hi = mid - 1;\n    else lo = mid + 1;\n  }\n` +
      `  return count + 1;\n}`,
  );
}

type LutMode = 'encode' | 'layout' | 'missing';

/** A lookup table from a category code to an integer (an Encode slot, a layout position or a 0/1 flag). */
function lut(unit: CUnit, program: Program, luts: Map<string, string>, e: CatExpr, categories: readonly string[], mode: LutMode): string {
  const key = JSON.stringify({ e, categories, mode });
  const known = luts.get(key);
  if (known !== undefined) return known;
  const input = exprInput(e);
  const n = codeCount(program.inputs[input]!);
  const row: RawRow = new Float64Array(program.inputs.length);
  const values: number[] = [];
  for (let code = 0; code < n; code++) {
    row[input] = code;
    const v = evaluateCategory(e, program, row);
    values.push(mode === 'encode' ? encodeSlot(v, categories) : mode === 'layout' ? layoutPosition(v, categories) : v === null ? 1 : 0);
  }
  const type = intType(Math.min(...values), Math.max(...values));
  const what = mode === 'encode' ? 'Encode slot (last = "(other)", -1 = missing)' : mode === 'layout' ? 'one-hot position (-1 = none)' : 'missing flag';
  const name = unit.table(`lut${luts.size}`, type.name, type.bytes, values.map(String), `${what} by category code of ${commentText(program.inputs[input]!.name)}.`, 16);
  luts.set(key, name);
  return name;
}

function exprInput(e: CatExpr): number {
  return e.op === 'category' ? e.input : exprInput(e.arg);
}

interface CValue {
  readonly code: string;
  readonly type: 'float' | 'double';
}

function literal(value: number, type: 'float' | 'double'): string {
  return type === 'float' ? floatLiteral(value) : doubleLiteral(value);
}

function numberCode(unit: CUnit, program: Program, luts: Map<string, string>, e: NumExpr): CValue {
  switch (e.op) {
    case 'number': {
      const input = program.inputs[e.input]!;
      return { code: `in->${input.field}`, type: input.kind === 'date' ? 'double' : 'float' };
    }
    case 'fill': {
      const arg = numberCode(unit, program, luts, e.arg);
      const fn = arg.type === 'float' ? 'fill_f' : 'fill_d';
      unit.helper(fn, `static ${arg.type} ${unit.name(fn)}(${arg.type} v, ${arg.type} fill) {\n  return isnan(v) ? fill : v;\n}`);
      return { code: `${unit.name(fn)}(${arg.code}, ${literal(e.value, arg.type)})`, type: arg.type };
    }
    case 'scale': {
      const arg = numberCode(unit, program, luts, e.arg);
      return { code: `((${arg.code} - ${literal(e.center, arg.type)}) / ${literal(e.scale, arg.type)})`, type: arg.type };
    }
    case 'is-missing': {
      const a = e.arg;
      if (a.op === 'category' || a.op === 'fill-category') {
        return { code: `(float)${lut(unit, program, luts, a, [], 'missing')}[${codeVariable(program, exprInput(a))}]`, type: 'float' };
      }
      const arg = numberCode(unit, program, luts, a);
      return { code: `(isnan(${arg.code}) ? 1.0f : 0.0f)`, type: 'float' };
    }
    case 'one-hot': {
      const table = lut(unit, program, luts, e.arg, e.categories, 'encode');
      return { code: `(${table}[${codeVariable(program, exprInput(e.arg))}] == ${e.slot} ? 1.0f : 0.0f)`, type: 'float' };
    }
    case 'ordinal': {
      const table = lut(unit, program, luts, e.arg, e.categories, 'encode');
      unit.helper('ordinal', `static float ${unit.name('ordinal')}(int slot) {\n  return slot < 0 ? NAN : (float)slot;\n}`);
      return { code: `${unit.name('ordinal')}(${table}[${codeVariable(program, exprInput(e.arg))}])`, type: 'float' };
    }
  }
}

/**
 * Statements filling `float x[width]` with the model inputs, in layout order. Numeric inputs are
 * `(v − center) / scale`, 0 when missing or not finite (as the engine's feature matrix); one-hot inputs 0/1.
 */
export function featureVectorStatements(unit: CUnit, program: Program): string[] {
  const luts = new Map<string, string>();
  const lines: string[] = [];
  if (program.features.some((f) => f.kind === 'one-hot')) {
    lines.push(`for (i = 0; i < ${program.width}; i++) x[i] = 0.0f;`);
  }
  let offset = 0;
  for (const f of program.features) {
    lines.push(`/* ${commentText(f.name)} */`);
    if (f.kind === 'numeric' && (f.expr.op === 'one-hot' || f.expr.op === 'is-missing') && f.center === 0 && f.scale === 1) {
      // Always 0 or 1: the layout's standardisation is the identity.
      lines.push(`x[${offset}] = ${numberCode(unit, program, luts, f.expr).code};`);
      offset += 1;
    } else if (f.kind === 'numeric') {
      const value = numberCode(unit, program, luts, f.expr);
      const fn = value.type === 'float' ? 'standardise_f' : 'standardise_d';
      unit.helper(
        fn,
        `static float ${unit.name(fn)}(${value.type} v, ${value.type} center, ${value.type} scale) {\n` +
          `  return isfinite(v) ? (float)((v - center) / scale) : 0.0f;\n}`,
      );
      lines.push(`x[${offset}] = ${unit.name(fn)}(${value.code}, ${literal(f.center, value.type)}, ${literal(f.scale, value.type)});`);
      offset += 1;
    } else {
      const table = lut(unit, program, luts, f.expr, f.categories, 'layout');
      lines.push(`s = ${table}[${codeVariable(program, exprInput(f.expr))}];`, `if (s >= 0) x[${offset} + s] = 1.0f;`);
      offset += f.categories.length;
    }
  }
  return lines;
}

/** True when the feature statements use the loop counter `i` or the slot `s`. */
export function featureLocals(program: Program): { readonly i: boolean; readonly s: boolean } {
  const oneHot = program.features.some((f) => f.kind === 'one-hot');
  return { i: oneHot, s: oneHot };
}
