/**
 * Recognisers for building and editing graphs ("predict price from sqft and city", "split 70/30",
 * "train for 200 epochs", "add a step that fills missing values with the median") and for what-if
 * predictions ("what would the price be for a 2000 sqft house in Lakeside").
 */
import { extractBindings, filtersOf } from './filters';
import type { EditOp, Filter, Intent, ModelKind, Scalar, SplitFractions } from './intent';
import { capitalise, describeEdit, describeFilters, describeModel, formatValue } from './reading';
import type { Item } from './scan';
import { Refuse, Unknown, allCues, columnOf, conceptColumn, cueAt, findCue, hasCue, markUsed, skipFiller, wordAt, type State } from './state';

/** Units per hidden layer when the question gives only the number of layers (the Train node’s default size). */
export const DEFAULT_HIDDEN_UNITS = 64;

function numAt(st: State, k: number): (Item & { t: 'num' }) | null {
  const it = st.items[k];
  return it?.t === 'num' ? it : null;
}

/** A number said next to a cue: after it ("epochs to 50", "learning rate of 0.01") or before ("200 epochs"). */
function numberNear(st: State, k: number): { value: number; k: number } | null {
  const after = skipFiller(st, k + 1, ['to', 'of', 'at', 'with', 'size', 'set', 'as', 'equal']);
  const sign = st.items[after];
  const a = numAt(st, sign?.t === 'op' || (sign?.t === 'punct' && sign.p === ':') ? after + 1 : after);
  if (a !== null) return { value: a.value, k: sign?.t === 'op' || sign?.t === 'punct' ? after + 1 : after };
  const before = numAt(st, k - 1);
  if (before !== null) return { value: before.value, k: k - 1 };
  return null;
}

function fraction(n: Item & { t: 'num' }): number {
  if (n.unit === 'percent' || n.value > 1) return n.value / 100;
  return n.value;
}

function splitOp(st: State): EditOp | null {
  const ratioK = st.items.findIndex((it, k) => it.t === 'ratio' && st.used[k] !== true);
  const ratio = st.items[ratioK];
  const splitK = findCue(st, 'split');
  if (ratio?.t === 'ratio') {
    const total = ratio.parts.reduce((a, b) => a + b, 0);
    const f = ratio.parts.map((p) => p / total);
    markUsed(st, ratioK, splitK);
    if (f.length === 2) return { op: 'split', fractions: { train: f[0] ?? 0, validation: 0, test: f[1] ?? 0 } };
    return { op: 'split', fractions: { train: f[0] ?? 0, validation: f[1] ?? 0, test: f[2] ?? 0 } };
  }
  // "split 80-20", "split 80 20"
  if (splitK >= 0) {
    const a = numAt(st, splitK + 1);
    const dash = st.items[splitK + 2];
    const bK = dash?.t === 'punct' && dash.p === '-' ? splitK + 3 : splitK + 2;
    const b = numAt(st, bK);
    if (a !== null && b !== null && a.value + b.value > 0 && b.value >= 0) {
      const total = a.value + Math.abs(b.value);
      markUsed(st, splitK, splitK + 1, splitK + 2, bK);
      return { op: 'split', fractions: { train: a.value / total, validation: 0, test: Math.abs(b.value) / total } };
    }
  }
  // "hold out 20% for testing", "use 10% for validation", "test size 0.3"
  const parts = allCues(st, 'part');
  const fractions: { train?: number; validation?: number; test?: number } = {};
  let found = false;
  for (const { k, cue } of parts) {
    let n = numAt(st, k - 1);
    let nk = k - 1;
    if (n === null) {
      const after = skipFiller(st, k + 1, ['size', 'set', 'fraction', 'share', 'part', 'data', 'rows']);
      const sign = st.items[after];
      nk = sign?.t === 'op' ? after + 1 : after;
      n = numAt(st, nk);
    }
    if (n === null) {
      // "hold out 20% of the rows for testing": the number sits before "of the rows".
      const back = st.items.slice(0, k).map((it, i) => ({ it, i })).reverse().find(({ it, i }) => it.t === 'num' && st.used[i] !== true && (it.unit === 'percent' || it.value < 1));
      if (back?.it.t === 'num') {
        n = back.it;
        nk = back.i;
      }
    }
    if (n === null || (n.unit !== 'percent' && n.value >= 100)) continue;
    fractions[cue.part] = fraction(n);
    markUsed(st, k, nk);
    found = true;
  }
  if (!found && splitK >= 0) {
    const n = numberNear(st, splitK);
    if (n !== null) {
      const it = st.items[n.k];
      if (it?.t === 'num') {
        fractions.test = fraction(it);
        markUsed(st, splitK, n.k);
        found = true;
      }
    }
  }
  if (!found) return null;
  markUsed(st, splitK);
  if (fractions.train === undefined && fractions.test !== undefined && fractions.validation === undefined && splitK >= 0) {
    // "hold out 20%" alone: the rest trains.
  }
  validateFractions(fractions);
  return { op: 'split', fractions };
}

function validateFractions(f: SplitFractions): void {
  const values = [f.train, f.validation, f.test].filter((x): x is number => x !== undefined);
  if (values.some((x) => !(x >= 0 && x < 1)) || values.reduce((a, b) => a + b, 0) > 1 + 1e-9) {
    throw new Refuse('MW_QUERY_BAD_VALUE', 'Split fractions must be between 0 and 1 and add up to at most 100%.');
  }
}

/** Hidden layer sizes from "two hidden layers", "hidden layers of 64 and 32", "3 layers of 16 neurons". */
export function hiddenLayers(st: State): number[] | undefined {
  const k = findCue(st, 'hidden-layers');
  const unitsK = findCue(st, 'units');
  if (k < 0 && unitsK < 0) return undefined;
  let count: number | undefined;
  let sizes: number[] = [];
  if (k >= 0) {
    markUsed(st, k);
    const before = st.items[k - 1];
    if (before?.t === 'num') {
      count = before.value;
      markUsed(st, k - 1);
    } else if (wordAt(st, k - 1, 'a', 'an', 'single')) count = 1;
    let j = skipFiller(st, k + 1, ['with', 'each', 'having', 'size', 'sizes', 'sized', 'and']);
    while (numAt(st, j) !== null) {
      sizes.push(numAt(st, j)?.value ?? 0);
      markUsed(st, j);
      j++;
      if (wordAt(st, j, 'and', 'x', 'by', 'then') || st.items[j]?.t === 'punct') j++;
    }
  }
  if (sizes.length === 0 && unitsK >= 0) {
    // "64 and 32 units"
    let j = unitsK - 1;
    const found: number[] = [];
    while (j >= 0) {
      const n = numAt(st, j);
      if (n !== null && st.used[j] !== true) {
        found.unshift(n.value);
        markUsed(st, j);
        j--;
        if (wordAt(st, j, 'and', 'x', 'by') || st.items[j]?.t === 'punct') j--;
        continue;
      }
      break;
    }
    sizes = found;
  }
  if (unitsK >= 0) markUsed(st, unitsK);
  if (count !== undefined && (!Number.isInteger(count) || count < 1 || count > 10)) throw new Refuse('MW_QUERY_BAD_VALUE', 'A network can have from 1 to 10 hidden layers.');
  if (sizes.some((s) => !Number.isInteger(s) || s < 1 || s > 4096)) throw new Refuse('MW_QUERY_BAD_VALUE', 'Layer sizes must be whole numbers from 1 to 4096.');
  if (count === undefined && sizes.length === 0) return undefined;
  if (count === undefined) return sizes;
  if (sizes.length === 0) return new Array<number>(count).fill(DEFAULT_HIDDEN_UNITS);
  if (sizes.length === 1) return new Array<number>(count).fill(sizes[0] ?? DEFAULT_HIDDEN_UNITS);
  if (sizes.length !== count) throw new Refuse('MW_QUERY_BAD_VALUE', `${count} hidden layers were asked for but ${sizes.length} sizes were given.`);
  return sizes;
}

function modelKind(st: State): ModelKind | undefined {
  const c = allCues(st, 'model-kind')[0];
  if (c === undefined) return undefined;
  markUsed(st, c.k);
  return c.cue.modelKind;
}

/** Columns named in items [from, to) that are not yet used (stops at a cue that starts another clause). */
function columnList(st: State, from: number, to: number): string[] {
  const out: string[] = [];
  for (let k = from; k < to; k++) {
    const it = st.items[k];
    if (it === undefined || st.used[k] === true || (it.t === 'cue' && it.implied === true)) continue;
    if (it.t === 'cue' && ['model-kind', 'hidden-layers', 'build', 'predict', 'classify', 'epochs', 'split', 'impute', 'except', 'all-columns'].includes(it.cue.tag)) break;
    if (it.t === 'col') {
      const name = columnOf(st, k);
      if (name !== null && !out.includes(name)) out.push(name);
      markUsed(st, k);
    } else if (it.t === 'word' && !it.stop && !it.rowNoun && it.norm !== 'and') {
      throw new Unknown(it.text);
    }
  }
  return out;
}

/** Every graph edit said in the sentence (used alone, or as options of a build). */
export function editOps(st: State, includeModel: boolean): EditOp[] {
  const ops: EditOp[] = [];
  // Impute
  const imputeK = findCue(st, 'impute');
  if (imputeK >= 0) {
    markUsed(st, imputeK);
    let strategy: 'mean' | 'median' | 'most-frequent' | 'constant' | undefined;
    let value: Scalar | undefined;
    const columns: string[] = [];
    for (let k = imputeK + 1; k < st.items.length; k++) {
      const it = st.items[k];
      if (it === undefined || st.used[k] === true) continue;
      const agg = cueAt(st, k, 'agg');
      if (agg !== null && agg.agg === 'missing') markUsed(st, k);
      else if (agg !== null && (agg.agg === 'mean' || agg.agg === 'median')) {
        strategy = agg.agg;
        markUsed(st, k);
      } else if (cueAt(st, k, 'mode') !== null) {
        strategy = 'most-frequent';
        markUsed(st, k);
      } else if (it.t === 'num' && cueAt(st, k - 1, 'with') !== null) {
        strategy = 'constant';
        value = it.value;
        markUsed(st, k, k - 1);
      } else if (it.t === 'col' && strategy === undefined) {
        const name = columnOf(st, k);
        if (name !== null) columns.push(name);
        markUsed(st, k);
      } else if (cueAt(st, k, 'with') !== null || wordAt(st, k, 'by', 'using')) markUsed(st, k);
    }
    ops.push({ op: 'impute', ...(strategy === undefined ? {} : { strategy }), ...(value === undefined ? {} : { value }), ...(columns.length > 0 ? { columns } : {}) });
  }
  const split = splitOp(st);
  if (split !== null) ops.push(split);
  const epochsK = findCue(st, 'epochs');
  if (epochsK >= 0) {
    const n = numberNear(st, epochsK);
    if (n === null) throw new Refuse('MW_QUERY_BAD_VALUE', 'Say how many epochs, e.g. “train for 200 epochs”.');
    if (!Number.isInteger(n.value) || n.value < 1) throw new Refuse('MW_QUERY_BAD_VALUE', 'The number of epochs must be a whole number of at least 1.');
    markUsed(st, epochsK, n.k);
    ops.push({ op: 'epochs', epochs: n.value });
  }
  const lrK = findCue(st, 'learning-rate');
  if (lrK >= 0) {
    const n = numberNear(st, lrK);
    if (n === null || !(n.value > 0)) throw new Refuse('MW_QUERY_BAD_VALUE', 'Give a positive learning rate, e.g. “learning rate 0.01”.');
    markUsed(st, lrK, n.k);
    ops.push({ op: 'learning-rate', value: n.value });
  }
  const batchK = findCue(st, 'batch-size');
  if (batchK >= 0) {
    const n = numberNear(st, batchK);
    if (n === null || !Number.isInteger(n.value) || n.value < 1) throw new Refuse('MW_QUERY_BAD_VALUE', 'Give a whole batch size, e.g. “batch size 64”.');
    markUsed(st, batchK, n.k);
    ops.push({ op: 'batch-size', value: n.value });
  }
  const scales = allCues(st, 'scale');
  const scale = scales.find((c) => c.cue.method !== 'standard') ?? scales[0];
  for (const c of scales) markUsed(st, c.k);
  if (scale !== undefined) {
    markUsed(st, scale.k);
    ops.push({ op: 'scale', method: scale.cue.method });
  }
  const encode = allCues(st, 'encode')[0];
  if (encode !== undefined) {
    markUsed(st, encode.k);
    for (let k = encode.k + 1; k < st.items.length; k++) if (st.items[k]?.t === 'col') markUsed(st, k);
    ops.push({ op: 'encode', method: encode.cue.method });
  }
  const ignoreK = findCue(st, 'ignore');
  if (ignoreK >= 0) {
    const next = st.items[skipFiller(st, ignoreK + 1)];
    if (next?.t === 'word' && next.rowNoun) ops.push(rowFilterOp(st, ignoreK, true));
    else {
      markUsed(st, ignoreK);
      const columns = columnList(st, ignoreK + 1, st.items.length);
      if (columns.length === 0) throw new Refuse('MW_QUERY_NOT_UNDERSTOOD', 'Say which columns to ignore, e.g. “ignore listed”.');
      ops.push({ op: 'ignore-columns', columns });
    }
  }
  const keepK = findCue(st, 'keep-rows');
  if (keepK >= 0) ops.push(rowFilterOp(st, keepK, false));
  const removeK = findCue(st, 'remove-rows');
  if (removeK >= 0) ops.push(rowFilterOp(st, removeK, true));
  if (includeModel) {
    const kind = modelKind(st);
    const layers = hiddenLayers(st);
    if (kind !== undefined || layers !== undefined) {
      const mk: ModelKind = kind ?? 'neural-network';
      if (layers !== undefined && mk !== 'neural-network') throw new Refuse('MW_QUERY_BAD_VALUE', `Hidden layers apply to a neural network, not to ${describeModel(mk, undefined)}.`);
      ops.push({ op: 'model', modelKind: mk, ...(layers === undefined ? {} : { hiddenLayers: layers }) });
    }
    const targetK = findCue(st, 'target');
    if (targetK >= 0) {
      const near = [skipFiller(st, targetK + 1, ['as', 'to', 'column']), targetK - 1, skipFiller(st, targetK - 1)];
      for (const j of near) {
        if (st.items[j]?.t === 'col' && st.used[j] !== true) {
          const name = columnOf(st, j);
          if (name !== null) {
            markUsed(st, targetK, j);
            ops.push({ op: 'target', column: name });
            break;
          }
        }
      }
    }
  }
  const evalK = findCue(st, 'evaluate');
  if (evalK >= 0) {
    markUsed(st, evalK);
    ops.push({ op: 'evaluate' });
  }
  const explainK = findCue(st, 'explain');
  if (explainK >= 0) {
    markUsed(st, explainK);
    ops.push({ op: 'explain' });
  }
  if (ops.length > 0) markUsed(st, findCue(st, 'add'));
  return ops;
}

const NEGATED: Readonly<Record<Filter['op'], Filter['op'] | null>> = { eq: 'ne', ne: 'eq', gt: 'lte', gte: 'lt', lt: 'gte', lte: 'gt', missing: 'present', present: 'missing', in: null };

function rowFilterOp(st: State, k: number, remove: boolean): EditOp {
  markUsed(st, k);
  const filters = filtersOf(extractBindings(st, { from: k + 1 }));
  if (filters.length === 0) throw new Refuse('MW_QUERY_NOT_UNDERSTOOD', 'Say which rows, e.g. “keep only rows where price is not missing”.');
  if (!remove) return { op: 'filter', filters };
  if (filters.length > 1) throw new Refuse('MW_QUERY_NOT_UNDERSTOOD', 'Remove rows by one condition at a time, or say which rows to keep.');
  const f = filters[0]!;
  const op = NEGATED[f.op];
  if (op === null) throw new Refuse('MW_QUERY_NOT_UNDERSTOOD', 'Say which rows to keep instead.');
  return { op: 'filter', filters: [{ ...f, op }] };
}

function editReading(ops: readonly EditOp[]): string {
  return capitalise(ops.map(describeEdit).join('; '));
}

export function editIntent(st: State): Intent | null {
  const ops = editOps(st, true);
  if (ops.length === 0) return null;
  return { kind: 'edit-graph', reading: editReading(ops), corrections: st.corrections, edits: ops };
}

/** The column to predict: after "predict"/"classify", or named as the target. */
function findTarget(st: State): { name: string; viaCategory: boolean } | null {
  const verbs = [...allCues(st, 'predict'), ...allCues(st, 'classify')].sort((a, b) => a.k - b.k);
  for (const { k } of verbs) {
    let j = k + 1;
    for (;;) {
      const it = st.items[j];
      if (it === undefined) break;
      const skippable =
        (it.t === 'word' && (it.stop || it.rowNoun || ['whether', 'if', 'into', 'as', 'by', 'what', 'which', 'the', 'its'].includes(it.norm))) ||
        (it.t === 'cue' && (it.cue.tag === 'group' || it.cue.tag === 'show' || it.cue.tag === 'model' || (it.cue.tag === 'with' && it.cue.positive)));
      if (!skippable) break;
      j++;
    }
    const it = st.items[j];
    if (it?.t === 'col') {
      const name = columnOf(st, j);
      if (name !== null) {
        markUsed(st, k, j);
        return { name, viaCategory: false };
      }
    }
    if (it?.t === 'cat') {
      const cols = [...new Set(it.cands.map((c) => c.column))];
      if (cols.length === 1 && cols[0] !== undefined) {
        markUsed(st, k, j);
        return { name: cols[0], viaCategory: true };
      }
    }
    if (it?.t === 'word' && !it.stop) throw new Unknown(it.text);
  }
  const targetK = findCue(st, 'target');
  if (targetK >= 0) {
    for (const j of [skipFiller(st, targetK + 1, ['as', 'to', 'column']), targetK - 1, skipFiller(st, targetK - 1)]) {
      if (st.items[j]?.t === 'col') {
        const name = columnOf(st, j);
        if (name !== null) {
          markUsed(st, targetK, j);
          return { name, viaCategory: false };
        }
      }
    }
  }
  // "build a model for price", "train a logistic regression for species", "model price using …"
  const modelK = Math.max(findCue(st, 'model'), findCue(st, 'model-kind'));
  const modelVerb = cueAt(st, 0, 'model') !== null && st.items[skipFiller(st, 1)]?.t === 'col';
  if (modelK >= 0 && (findCue(st, 'build') >= 0 || modelVerb)) {
    const j = skipFiller(st, modelK + 1, ['for', 'of', 'on', 'that', 'predicts', 'to']);
    if (st.items[j]?.t === 'col') {
      const name = columnOf(st, j);
      if (name !== null) {
        markUsed(st, modelK, j);
        return { name, viaCategory: false };
      }
    }
  }
  return null;
}

/** "predict …", "classify …", "build a model …", or a what-if. Returns null when it is neither. */
export function buildOrWhatIf(st: State): Intent | null {
  const whatIfCue = hasCue(st, 'what-if') || hasCue(st, 'would');
  const predictK = Math.max(findCue(st, 'predict'), findCue(st, 'classify'));
  // "model price using city and sqft": "model" as a verb.
  const buildK = cueAt(st, 0, 'model') !== null && st.items[skipFiller(st, 1)]?.t === 'col' ? 0 : findCue(st, 'build');
  const structural = hasCue(st, 'from') || hasCue(st, 'all-columns') || hasCue(st, 'model-kind') || hasCue(st, 'hidden-layers') || buildK >= 0 || hasCue(st, 'classify');
  if (whatIfCue && !structural) return whatIf(st);
  if (predictK < 0 && buildK < 0) return null;
  if (predictK >= 0 && !structural && hasValues(st)) return whatIf(st);

  const target = findTarget(st);
  if (target === null) {
    if (predictK >= 0 || buildK >= 0) {
      // "train a neural network" without a target: a model edit, if anything else was said.
      return null;
    }
    return null;
  }
  // "predict whether a tumor is malignant" names the target through one of its values.
  if (target.viaCategory) {
    for (let k = 0; k < st.items.length; k++) if (st.items[k]?.t === 'cat' && st.used[k] !== true) markUsed(st, k);
  }
  const task = allCues(st, 'task')[0];
  if (task !== undefined) markUsed(st, task.k);
  const classify = findCue(st, 'classify') >= 0;
  markUsed(st, buildK, findCue(st, 'model'), findCue(st, 'predict'), findCue(st, 'classify'));

  let features: string[] | undefined;
  let allExcept: string[] = [];
  const allK = findCue(st, 'all-columns');
  const exceptK = findCue(st, 'except');
  if (exceptK >= 0) {
    markUsed(st, exceptK, allK);
    allExcept = columnList(st, exceptK + 1, st.items.length).filter((c) => c !== target.name);
    if (allExcept.length === 0) throw new Refuse('MW_QUERY_NOT_UNDERSTOOD', 'Say which columns to leave out, e.g. “all columns except listed”.');
  } else if (allK >= 0) {
    markUsed(st, allK);
  } else {
    const fromK = findCue(st, 'from');
    const withK = allCues(st, 'with').find((c) => c.cue.positive && st.items[skipFiller(st, c.k + 1)]?.t === 'col')?.k ?? -1;
    const startK = fromK >= 0 && st.items[skipFiller(st, fromK + 1)]?.t === 'col' ? fromK : withK;
    const useFirst = wordAt(st, 0, 'use', 'with', 'using', 'from', 'given') || (fromK === 0);
    if (startK >= 0) {
      markUsed(st, startK);
      features = columnList(st, startK + 1, st.items.length);
    } else if (useFirst && predictK > 0) {
      markUsed(st, 0);
      features = columnList(st, 1, predictK);
    }
    if (features !== undefined) features = features.filter((c) => c !== target.name);
    if (features !== undefined && features.length === 0) features = undefined;
  }
  const ignore = findCue(st, 'ignore');
  if (ignore >= 0 && features === undefined) {
    markUsed(st, ignore);
    allExcept = [...allExcept, ...columnList(st, ignore + 1, st.items.length).filter((c) => c !== target.name)];
  }
  const kind = modelKind(st);
  const layers = hiddenLayers(st);
  const mk: ModelKind = kind ?? (layers !== undefined ? 'neural-network' : 'auto');
  if (layers !== undefined && mk !== 'neural-network') throw new Refuse('MW_QUERY_BAD_VALUE', `Hidden layers apply to a neural network, not to ${describeModel(mk, undefined)}.`);
  const options = editOps(st, false);
  const intentTask = task?.cue.task ?? (classify ? 'classification' : undefined);
  const featureText = features !== undefined ? `from ${features.join(', ')}` : allExcept.length > 0 ? `from every other column except ${allExcept.join(', ')}` : 'from every other column';
  const reading =
    `Build a model predicting ${target.name}${intentTask === undefined ? '' : ` (${intentTask})`} ${featureText}, using ${describeModel(mk, layers)}` +
    (options.length === 0 ? '' : `; ${options.map(describeEdit).join('; ')}`);
  return {
    kind: 'build-model',
    reading,
    corrections: st.corrections,
    target: target.name,
    ...(features === undefined ? {} : { features }),
    allExcept,
    modelKind: mk,
    ...(layers === undefined ? {} : { hiddenLayers: layers }),
    ...(intentTask === undefined ? {} : { task: intentTask }),
    options,
  };
}

/** True when the sentence gives input values ("a 2000 sqft house in Lakeside"), without consuming them. */
function hasValues(st: State): boolean {
  const copy: State = { ...st, used: [...st.used], corrections: [...st.corrections] };
  try {
    return extractBindings(copy).length > 0;
  } catch {
    return true;
  }
}

/** "what would the price be for a 2000 sqft house in Lakeside with 3 bedrooms". */
export function whatIf(st: State): Intent {
  for (const tag of ['what-if', 'predict', 'classify'] as const) markUsed(st, findCue(st, tag));
  const wouldK = findCue(st, 'would');
  const bindings = extractBindings(st);
  const filters = filtersOf(bindings);
  const values = new Map<string, Scalar>();
  for (const f of filters) {
    if (f.op !== 'eq' || f.value === null || Array.isArray(f.value)) {
      throw new Refuse('MW_QUERY_BAD_VALUE', `A what-if needs exact input values (like “sqft 2000”), not “${describeFilters([f])}”.`);
    }
    values.set(f.column, f.value as Scalar);
  }
  // The column asked about: a column left over, a synonym in "would it cost", or the model's target.
  let target: string | undefined;
  for (let k = 0; k < st.items.length; k++) {
    if (st.used[k] === true || st.items[k]?.t !== 'col') continue;
    const name = columnOf(st, k);
    if (name !== null && !values.has(name)) {
      target = name;
      markUsed(st, k);
      break;
    }
  }
  if (wouldK >= 0) {
    markUsed(st, wouldK);
    const it = st.items[wouldK];
    if (target === undefined && it !== undefined && /cost|sell|fetch|go/.test(it.text.toLowerCase())) target = conceptColumn(st, 'price', it.text, wouldK) ?? undefined;
  }
  if (target === undefined && st.ctx.model !== null) target = st.ctx.model.target;
  if (values.size === 0) {
    throw new Refuse('MW_QUERY_BAD_VALUE', `Give the input values to predict from, e.g. “what would ${target ?? 'the target'} be for ${exampleValues(st)}”.`);
  }
  const listed = [...values].map(([c, v]) => `${c} = ${formatValue(v)}`).join(', ');
  return {
    kind: 'what-if',
    reading: `Predict ${target ?? 'the model’s target'} for ${listed}`,
    corrections: st.corrections,
    values: Object.fromEntries(values),
    ...(target === undefined ? {} : { target }),
  };
}

function exampleValues(st: State): string {
  const num = st.index.columns.find((c) => c.numeric && c.col.type !== 'boolean' && c.col.role !== 'target');
  return num === undefined ? 'a row' : `${num.name} = ${formatValue(num.col.max ?? 1)}`;
}
