/**
 * The plain-language summary a non-specialist can read: what is predicted from what, how well in the
 * target's own units ("typical error $21,300") or in rows ("right for 109 of 114"), on how many held-out
 * rows, and the main caveats (small test set, class imbalance, over-fitting, drift, a failed threshold).
 */
import { describeProtocol } from '../ml/metrics/result';
import { callout, paragraph } from './blocks';
import type { Block, CalloutBlock, ReportSection } from './document';
import { classCounts, correctCount, intervalOf, scoreOf, type ReportFacts } from './facts';
import { formatAmount, formatNumber, formatPercent, isShareMetric, joinWords, metricWords, plural } from './format';

/** Below this many held-out rows the scores are flagged as uncertain; below the second, strongly. */
const SMALL_TEST = 100;
const TINY_TEST = 30;
/** A class rarer than this share of the rows is called imbalanced. */
const RARE_CLASS = 0.2;

const q = (text: string) => `“${text}”`;

function predictsWhat(facts: ReportFacts): string {
  const n = facts.features.length;
  const from = n === 0 ? '' : ` from ${plural(n, 'column')}: ${joinWords(facts.features, 8)}`;
  if (facts.task === 'classification') {
    const classes = facts.classes.length > 0 ? `, one of ${joinWords(facts.classes.map(q), 6).replace(/ and /, ' or ')}` : '';
    return `This model predicts ${q(facts.target)}${classes}${from}.`;
  }
  return `This model predicts ${q(facts.target)} (a number)${from}.`;
}

function testedOn(facts: ReportFacts): string {
  const m = facts.metrics;
  if (m.protocol.kind === 'cross-validation') {
    return `Estimated by ${m.protocol.folds}-fold cross-validation over ${plural(facts.heldOut, 'row')} (each row was predicted by a model trained without it)`;
  }
  return `Tested on ${plural(facts.heldOut, 'row')} it had not seen during training`;
}

function ciWords(lo: string, hi: string): string {
  return `95% confidence interval ${lo} to ${hi}`;
}

function regressionWords(facts: ReportFacts): string[] {
  const p = facts.metrics.headline.partition;
  const unit = facts.options.unit;
  const mae = scoreOf(facts, p, 'mae');
  const medianAe = scoreOf(facts, p, 'median_ae');
  const r2 = scoreOf(facts, p, 'r2');
  const out: string[] = [];
  if (mae !== null) {
    const ci = intervalOf(facts, p, 'mae');
    const range = ci === null ? '' : `; ${ciWords(formatAmount(ci.lower, unit), formatAmount(ci.upper, unit))}`;
    out.push(`${testedOn(facts)}, its predictions were typically off by ${formatAmount(mae, unit)} (the average error${range}).`);
  }
  if (medianAe !== null) out.push(`Half of the predictions were within ${formatAmount(medianAe, unit)} of the actual ${facts.target}.`);
  if (r2 !== null) {
    const ci = intervalOf(facts, p, 'r2');
    const range = ci === null ? '' : `, ${ciWords(ci.lower.toFixed(2), ci.upper.toFixed(2))}`;
    out.push(
      r2 > 0
        ? `The model explains ${formatPercent(r2, 0)} of the variation in ${facts.target} between rows (R² ${r2.toFixed(2)}${range}).`
        : `It does no better than always predicting the average ${facts.target} (R² ${r2.toFixed(2)}${range}).`,
    );
  }
  return out;
}

function classificationWords(facts: ReportFacts): string[] {
  const m = facts.metrics;
  if (m.task !== 'classification') return [];
  const p = m.headline.partition;
  const out: string[] = [];
  const counts = correctCount(facts);
  const accuracy = scoreOf(facts, p, 'accuracy');
  if (counts !== null && accuracy !== null) {
    const ci = intervalOf(facts, p, 'accuracy');
    const range = ci === null ? '' : `; ${ciWords(formatPercent(ci.lower), formatPercent(ci.upper))}`;
    out.push(`${testedOn(facts)}, it predicted the right ${facts.target} for ${counts.correct} of ${counts.total} rows (${formatPercent(accuracy)}${range}).`);
  }
  const rows = classCounts(facts);
  if (rows !== null && counts !== null && counts.total > 0) {
    const top = rows.indexOf(Math.max(...rows));
    out.push(`For comparison, always guessing the most common ${facts.target}, ${q(m.classes[top] ?? '')}, would have been right ${formatPercent(rows[top]! / counts.total)} of the time.`);
  }
  const cm = m.curves.confusionMatrix;
  if (m.classes.length === 2 && rows !== null) {
    const positive = m.classes[1]!;
    const tp = cm[1]?.[1] ?? 0;
    const actual = rows[1] ?? 0;
    const called = (cm[0]?.[1] ?? 0) + tp;
    if (actual > 0 && called > 0) {
      out.push(`Of the ${actual} rows that were actually ${q(positive)}, it found ${tp} (recall ${formatPercent(tp / actual)}); of the ${called} rows it labelled ${q(positive)}, ${tp} were right (precision ${formatPercent(tp / called)}).`);
    }
  } else if (rows !== null) {
    let worst = -1;
    let worstRecall = 2;
    rows.forEach((n, i) => {
      const recall = n === 0 ? 2 : (cm[i]?.[i] ?? 0) / n;
      if (recall < worstRecall) {
        worstRecall = recall;
        worst = i;
      }
    });
    if (worst >= 0 && worstRecall <= 1) {
      out.push(`It was least reliable for ${q(m.classes[worst] ?? '')}: right for ${cm[worst]?.[worst] ?? 0} of ${rows[worst]} such rows.`);
    }
  }
  return out;
}

/** The caveats worth a reader's attention, most serious first. */
export function caveats(facts: ReportFacts): CalloutBlock[] {
  const out: CalloutBlock[] = [];
  const m = facts.metrics;
  const p = m.headline.partition;

  for (const gate of facts.gates) {
    if (gate.passed) continue;
    const failed = gate.conditions.filter((c) => !c.passed).map((c) => `${c.label} (was ${c.actual === null ? 'undefined' : formatNumber(c.actual)})`);
    out.push(callout('warning', 'The model failed its quality threshold', `${gate.label} requires ${joinWords(failed)}. It should not be deployed as it is.`));
  }

  if (m.protocol.kind === 'holdout' && facts.heldOut < SMALL_TEST) {
    const ci = m.headline.ci;
    const show = (v: number) => (isShareMetric(m.headline.metric) ? formatPercent(v) : formatNumber(v));
    const range = ci === null ? '' : ` The 95% interval of the ${metricWords(m.headline.metric)} runs from ${show(ci.lower)} to ${show(ci.upper)}.`;
    out.push(
      callout(
        facts.heldOut < TINY_TEST ? 'warning' : 'caveat',
        'Small test set',
        `Only ${plural(facts.heldOut, 'row was', 'rows were')} held out for testing, so the scores could be noticeably different on new data.${range} More data, or a larger test share in the Split node, would make them more certain.`,
      ),
    );
  }

  if (m.task === 'classification') {
    const counts = classCounts(facts);
    const total = counts?.reduce((a, b) => a + b, 0) ?? 0;
    if (counts !== null && total > 0) {
      const rare = counts.map((n, i) => ({ cls: m.classes[i] ?? String(i), share: n / total })).filter((c) => c.share < RARE_CLASS);
      if (rare.length > 0) {
        const words = rare.map((c) => `${q(c.cls)} is ${formatPercent(c.share)}`);
        out.push(
          callout(
            'caveat',
            'Imbalanced classes',
            `Some classes are rare in the ${p === 'cv' ? '' : `${p} `}rows: ${joinWords(words)}. Accuracy can look good while the rare class is missed; look at balanced accuracy, recall and the confusion matrix.`,
          ),
        );
      }
    }
  }

  if (m.protocol.kind === 'holdout' && m.scores.train !== undefined) {
    const metric = m.headline.metric;
    const train = scoreOf(facts, 'train', metric);
    const test = scoreOf(facts, 'test', metric);
    const gap = train === null || test === null ? 0 : m.headline.higherIsBetter ? train - test : test - train;
    const threshold = metric === 'accuracy' ? 0.05 : 0.1;
    if (gap > threshold && train !== null && test !== null) {
      const show = (v: number) => (isShareMetric(metric) ? formatPercent(v) : v.toFixed(2));
      out.push(
        callout('caveat', 'Better on training rows than on new rows', `The model scores ${show(train)} on the rows it learnt from but ${show(test)} on the held-out rows (${metricWords(metric)}): it has partly memorised its training data, so expect the lower figure in use.`),
      );
    }
  }

  const drifted = facts.drift?.columns.filter((d) => d.drifted) ?? [];
  if (drifted.length > 0) {
    const words = drifted.slice(0, 5).map((d) => `${d.column} (${d.reasons[0] ?? 'changed'})`);
    out.push(
      callout(
        facts.drift?.retrainingSuggested === true ? 'warning' : 'caveat',
        'The new data differs from the training data',
        `${plural(drifted.length, 'column looks', 'columns look')} different in the rows the model predicted than in its training rows: ${joinWords(words, 5)}. Predictions for such rows are less reliable than the test scores suggest${facts.drift?.retrainingSuggested === true ? '; retraining on recent data is suggested' : ''}.`,
      ),
    );
  }

  if (m.protocol.kind === 'cross-validation') {
    out.push(callout('info', 'No separate test set', `No Split node held rows out, so the scores come from ${describeProtocol(m)}. They estimate how the model does on new data but are not a final test; add a Split node for one.`));
  }
  if (facts.importance?.onTrainingRows === true) {
    out.push(callout('info', 'Feature importance on training rows', 'With no test rows, feature importance was measured on the rows the model learnt from: it shows what the model uses, not what generalises.'));
  }
  return out;
}

/** The summary section: what, how well, on how many rows, caveats; figures as tiles. */
export function summarySection(facts: ReportFacts): ReportSection {
  const blocks: Block[] = [];
  const what = [predictsWhat(facts)];
  if (facts.model !== undefined) {
    const m = facts.model;
    what.push(`It is a ${m.kind.replace(/-/g, ' ')} (${m.estimator.description}), trained on ${plural(m.metadata.trainRows, 'row')}.`);
  }
  blocks.push(paragraph(what.join(' '), true));
  const how = facts.task === 'regression' ? regressionWords(facts) : classificationWords(facts);
  if (how.length > 0) blocks.push(paragraph(how.join(' ')));
  blocks.push(figures(facts));
  const cautions = caveats(facts);
  if (cautions.length === 0) {
    const classes = facts.task === 'classification' ? ', the classes are balanced' : '';
    blocks.push(paragraph(`No caveats were found: the test set is of reasonable size${classes} and the model does about as well on new rows as on its training rows.`));
  }
  blocks.push(...cautions);
  if (facts.options.audience === 'plain') {
    blocks.push(
      callout(
        'info',
        'Reading the numbers',
        'A 95% confidence interval is the range the true score most likely lies in, given how many rows were tested: a narrow range means a certain score, a wide one an uncertain score. “Held-out” rows were kept away from the model while it learnt, so scores on them show how it will do on new data.',
      ),
    );
  }
  return { id: 'summary', title: 'Summary', blocks };
}

function figures(facts: ReportFacts): Block {
  const m = facts.metrics;
  const p = m.headline.partition;
  const items: { label: string; value: string; detail?: string; number?: number }[] = [];
  const held = m.protocol.kind === 'cross-validation' ? `${m.protocol.folds}-fold cross-validation` : 'held out for testing';
  if (m.task === 'regression') {
    const mae = scoreOf(facts, p, 'mae');
    const r2 = scoreOf(facts, p, 'r2');
    if (mae !== null) items.push({ label: 'Typical error', value: formatAmount(mae, facts.options.unit), detail: 'mean absolute error', number: mae });
    if (r2 !== null) items.push({ label: 'Variation explained', value: formatPercent(r2, 0), detail: `R² ${r2.toFixed(3)}`, number: r2 });
  } else {
    const accuracy = scoreOf(facts, p, 'accuracy');
    const counts = correctCount(facts);
    if (accuracy !== null) items.push({ label: 'Right', value: formatPercent(accuracy), detail: counts === null ? 'accuracy' : `${counts.correct} of ${counts.total} rows`, number: accuracy });
    const auc = scoreOf(facts, p, m.classes.length === 2 ? 'roc_auc' : 'roc_auc_ovr_macro');
    if (auc !== null) items.push({ label: 'Ranking quality', value: auc.toFixed(3), detail: 'ROC AUC (1 is perfect, 0.5 is chance)', number: auc });
  }
  items.push({ label: 'Rows tested', value: formatNumber(facts.heldOut), detail: held, number: facts.heldOut });
  return { kind: 'figures', items };
}
