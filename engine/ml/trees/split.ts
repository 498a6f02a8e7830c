/**
 * Best split of one feature from its histogram. The gain of a split is the second-order criterion of
 * XGBoost / LightGBM, summed over the target channels c:
 *
 *   gain = Σc GLc² / (HL + λ) + Σc GRc² / (HR + λ) − Σc Gc² / (H + λ)
 *
 * where G are channel sums and H the hessian (or row weight) sum. With one channel, gradients and hessians
 * this is the boosting gain; with one-hot class channels, unit weights and λ = 0 it is the decrease of Gini
 * impurity times the node size (and with the target as channel, the decrease of squared error), which is
 * how the forest reuses this code.
 *
 * Row counts are not kept in histograms: like LightGBM, a side's count is estimated as its hessian sum
 * times count/hessian of the node (exact when hessians are 1 or are the row weights).
 */

/** Limits and regularisation applied while searching splits. */
export interface SplitRules {
  /** Numbers per bin: channels, then hessian. */
  readonly stride: number;
  readonly lambda: number;
  readonly minDataInLeaf: number;
  readonly minSumHessian: number;
  readonly minGain: number;
  readonly maxCatToOnehot: number;
  readonly maxCatThreshold: number;
  readonly catSmooth: number;
  readonly catL2: number;
  readonly minDataPerGroup: number;
}

/** The best split found so far for a leaf (a mutable record, reused). */
export class SplitChoice {
  gain = -Infinity;
  feature = -1;
  /** Numeric: bins 1..bin go left. */
  bin = 0;
  missingLeft = false;
  /** Categorical: the bins going left (bin 0, missing or rare codes, always goes right). */
  leftBins: number[] | null = null;
  /** Channel and hessian sums of the left side. */
  readonly left: Float64Array;

  constructor(stride: number) {
    this.left = new Float64Array(stride);
  }

  reset(): void {
    this.gain = -Infinity;
    this.feature = -1;
    this.bin = 0;
    this.missingLeft = false;
    this.leftBins = null;
  }

  copyFrom(other: SplitChoice): void {
    this.gain = other.gain;
    this.feature = other.feature;
    this.bin = other.bin;
    this.missingLeft = other.missingLeft;
    this.leftBins = other.leftBins;
    this.left.set(other.left);
  }
}

/** Σc Gc² / (H + λ) for stats at `offset`. */
export function leafScore(stats: Float64Array, offset: number, stride: number, lambda: number): number {
  let s = 0;
  for (let c = 0; c < stride - 1; c++) {
    const g = stats[offset + c]!;
    s += g * g;
  }
  return s / (stats[offset + stride - 1]! + lambda);
}

/** Smallest gain that counts as an improvement: guards against splits that only win by rounding noise. */
export function gainFloor(rules: SplitRules, parentScore: number): number {
  return rules.minGain + 1e-10 * Math.max(1, Math.abs(parentScore));
}

/**
 * Numeric feature: left = bins 1..t, and the missing bin (0) goes to whichever side gains more.
 * `hist` is the feature's histogram (numBins × stride), `total` the leaf sums, `countPerHessian` the
 * node's count/hessian ratio.
 */
export function findNumericSplit(
  hist: Float64Array, numBins: number, total: Float64Array, countPerHessian: number, parentScore: number,
  rules: SplitRules, feature: number, best: SplitChoice, scratch: Float64Array,
): void {
  if (rules.stride === 2) {
    numericPairs(hist, numBins, total, countPerHessian, parentScore, rules, feature, best);
    return;
  }
  const s = rules.stride;
  const hIndex = s - 1;
  const minCount = rules.minDataInLeaf - 0.5;
  const minH = rules.minSumHessian;
  const floor = gainFloor(rules, parentScore);
  const totalH = total[hIndex]!;
  const hasMissing = hist[hIndex]! * countPerHessian >= 0.5;
  const left = scratch.subarray(0, s);
  const side = scratch.subarray(s, 2 * s);
  const consider = (bin: number, withMissing: boolean): void => {
    const hL = side[hIndex]!;
    const hR = totalH - hL;
    if (hL < minH || hR < minH || hL * countPerHessian < minCount || hR * countPerHessian < minCount) return;
    const gain = twoSided(side, total, s, rules.lambda, rules.lambda) - parentScore;
    if (gain > floor && gain > best.gain) {
      best.gain = gain;
      best.feature = feature;
      best.bin = bin;
      best.missingLeft = withMissing || (!hasMissing && hL >= hR);
      best.leftBins = null;
      best.left.set(side);
    }
  };
  left.fill(0);
  for (let t = 1; t < numBins - 1; t++) {
    for (let c = 0; c < s; c++) left[c] = left[c]! + hist[t * s + c]!;
    side.set(left);
    consider(t, false);
    if (hasMissing) {
      for (let c = 0; c < s; c++) side[c] = left[c]! + hist[c]!;
      consider(t, true);
    }
  }
  if (hasMissing && numBins >= 2) {
    // Every value left, missing right.
    for (let c = 0; c < s; c++) side[c] = total[c]! - hist[c]!;
    consider(numBins - 1, false);
  }
}

/** Channel scores of a left side and its complement, with separate λ (categorical splits add catL2). */
function twoSided(left: Float64Array, total: Float64Array, stride: number, lambdaLeft: number, lambdaRight: number): number {
  const h = stride - 1;
  let sl = 0;
  let sr = 0;
  for (let c = 0; c < h; c++) {
    const gl = left[c]!;
    const gr = total[c]! - gl;
    sl += gl * gl;
    sr += gr * gr;
  }
  const hl = left[h]!;
  return sl / (hl + lambdaLeft) + sr / (total[h]! - hl + lambdaRight);
}

/** The stride-2 (gradient, hessian) case of findNumericSplit, unrolled: it runs for every leaf and feature. */
function numericPairs(
  hist: Float64Array, numBins: number, total: Float64Array, cf: number, parentScore: number,
  rules: SplitRules, feature: number, best: SplitChoice,
): void {
  const lambda = rules.lambda;
  const minCount = rules.minDataInLeaf - 0.5;
  const minH = rules.minSumHessian;
  const floor = Math.max(gainFloor(rules, parentScore), best.gain);
  const G = total[0]!;
  const H = total[1]!;
  const gM = hist[0]!;
  const hM = hist[1]!;
  const hasMissing = hM * cf >= 0.5;
  let bestGain = floor;
  let bestBin = -1;
  let bestMissingLeft = false;
  let bestG = 0;
  let bestH = 0;
  let gL = 0;
  let hL = 0;
  const lastBin = numBins - 1;
  for (let t = 1; t < lastBin; t++) {
    const hBin = hist[(t << 1) + 1]!;
    // An empty bin leaves both sides unchanged: same gain as the previous threshold, which wins ties.
    if (hBin === 0 && t > 1) continue;
    gL += hist[t << 1]!;
    hL += hBin;
    let hR = H - hL;
    if (hL >= minH && hR >= minH && hL * cf >= minCount && hR * cf >= minCount) {
      const gR = G - gL;
      const gain = (gL * gL) / (hL + lambda) + (gR * gR) / (hR + lambda) - parentScore;
      if (gain > bestGain) {
        bestGain = gain;
        bestBin = t;
        bestMissingLeft = !hasMissing && hL >= hR;
        bestG = gL;
        bestH = hL;
      }
    }
    if (hasMissing) {
      const gLm = gL + gM;
      const hLm = hL + hM;
      hR = H - hLm;
      if (hLm >= minH && hR >= minH && hLm * cf >= minCount && hR * cf >= minCount) {
        const gR = G - gLm;
        const gain = (gLm * gLm) / (hLm + lambda) + (gR * gR) / (hR + lambda) - parentScore;
        if (gain > bestGain) {
          bestGain = gain;
          bestBin = t;
          bestMissingLeft = true;
          bestG = gLm;
          bestH = hLm;
        }
      }
    }
  }
  if (hasMissing && lastBin >= 1) {
    // Every value left, missing right.
    const gLa = G - gM;
    const hLa = H - hM;
    if (hLa >= minH && hM >= minH && hLa * cf >= minCount && hM * cf >= minCount) {
      const gain = (gLa * gLa) / (hLa + lambda) + (gM * gM) / (hM + lambda) - parentScore;
      if (gain > bestGain) {
        bestGain = gain;
        bestBin = lastBin;
        bestMissingLeft = false;
        bestG = gLa;
        bestH = hLa;
      }
    }
  }
  if (bestBin < 0) return;
  best.gain = bestGain;
  best.feature = feature;
  best.bin = bestBin;
  best.missingLeft = bestMissingLeft;
  best.leftBins = null;
  best.left[0] = bestG;
  best.left[1] = bestH;
}

/**
 * Categorical feature, after LightGBM's FindBestThresholdCategorical: with few categories, one category
 * against the rest; otherwise categories with enough rows are sorted by G / (H + catSmooth) and the best
 * prefix (from either end, at most maxCatThreshold categories) goes left. Bin 0 always goes right.
 */
export function findCategoricalSplit(
  hist: Float64Array, numBins: number, total: Float64Array, countPerHessian: number, parentScore: number,
  rules: SplitRules, feature: number, best: SplitChoice, scratch: Float64Array,
): void {
  const s = rules.stride;
  const hIndex = s - 1;
  const cf = countPerHessian;
  const minCount = rules.minDataInLeaf - 0.5;
  const minH = rules.minSumHessian;
  const floor = gainFloor(rules, parentScore);
  const totalH = total[hIndex]!;
  const nodeCount = totalH * cf;
  const left = scratch.subarray(0, s);
  const realBins = numBins - 1;

  const consider = (bins: number[], lambdaChildren: number): void => {
    const hL = left[hIndex]!;
    const hR = totalH - hL;
    if (hL < minH || hR < minH || hL * cf < minCount || hR * cf < minCount) return;
    const gain = twoSided(left, total, s, lambdaChildren, lambdaChildren) - parentScore;
    if (gain > floor && gain > best.gain) {
      best.gain = gain;
      best.feature = feature;
      best.bin = 0;
      best.missingLeft = false;
      best.leftBins = bins.slice().sort((a, b) => a - b);
      best.left.set(left);
    }
  };

  if (realBins <= rules.maxCatToOnehot) {
    for (let b = 1; b < numBins; b++) {
      for (let c = 0; c < s; c++) left[c] = hist[b * s + c]!;
      consider([b], rules.lambda);
    }
    return;
  }

  // Key channel: the gradient for boosting; for several class channels, the node's most frequent class.
  let keyChannel = 0;
  for (let c = 1; c < hIndex; c++) if (total[c]! > total[keyChannel]!) keyChannel = c;
  const used: number[] = [];
  for (let b = 1; b < numBins; b++) if (hist[b * s + hIndex]! * cf >= rules.catSmooth) used.push(b);
  const ratio = (b: number): number => hist[b * s + keyChannel]! / (hist[b * s + hIndex]! + rules.catSmooth);
  used.sort((a, b) => ratio(a) - ratio(b) || a - b);
  const maxNum = Math.min(rules.maxCatThreshold, Math.floor((used.length + 1) / 2));
  const lambdaChildren = rules.lambda + rules.catL2;
  for (const direction of [1, -1]) {
    left.fill(0);
    const chosen: number[] = [];
    let group = 0;
    for (let i = 0; i < used.length && i < maxNum; i++) {
      const b = used[direction === 1 ? i : used.length - 1 - i]!;
      chosen.push(b);
      for (let c = 0; c < s; c++) left[c] = left[c]! + hist[b * s + c]!;
      const binCount = hist[b * s + hIndex]! * cf;
      group += binCount;
      const leftCount = left[hIndex]! * cf;
      if (leftCount < minCount || left[hIndex]! < minH) continue;
      const rightCount = nodeCount - leftCount;
      if (rightCount < minCount || rightCount < rules.minDataPerGroup || totalH - left[hIndex]! < minH) break;
      if (group < rules.minDataPerGroup) continue;
      group = 0;
      consider(chosen, lambdaChildren);
    }
  }
}
