/**
 * The two-sided one-sample Kolmogorov distribution: P(D_n ≥ d), as scipy.stats.kstwo.sf(d, n) computes it
 * (SciPy ≥ 1.5), following the method selection of
 *   R. Simard, P. L'Ecuyer (2011), "Computing the Two-Sided Kolmogorov-Smirnov Distribution",
 *   Journal of Statistical Software 39(11):
 * Ruben–Gambino closed forms at the ends, twice the exact one-sided Smirnov tail for large d, Durbin's
 * matrix (Marsaglia, Tsang & Wang 2003) for small n·d^1.5, the Pelz–Good asymptotic series otherwise.
 * (For n ≤ 140 SciPy uses Pomeranz's recursion where n·d² ∈ (0.754693, 4]; Durbin's matrix is exact there
 * too and gives the same values to rounding.)
 *
 * scipy.stats.ks_2samp's 'asymp' method is kolmogorovSf(round(n1·n2/(n1+n2)), D).
 */

const E128 = 2 ** 128;
const EM128 = 2 ** -128;
const PI2 = Math.PI * Math.PI;
const PI4 = PI2 * PI2;
const PI6 = PI4 * PI2;
const SQRT2PI = Math.sqrt(2 * Math.PI);

const clip = (p: number) => (p < 0 ? 0 : p > 1 ? 1 : p);

/** log(n! / n^n) for integer n ≥ 1, by Stirling's series with n·log(n) removed up front. */
function logFactorialOverPower(n: number): number {
  // Bernoulli-number coefficients B_2j / (2j (2j − 1)), highest power first.
  const coeffs = [-0.029550653594771242, 0.00641025641025641, -0.0019175269175269176, 0.0008417508417508417, -0.0005952380952380953, 0.0007936507936507937, -0.002777777777777778, 0.08333333333333333];
  const rn = 1 / n;
  const x = rn / n;
  let series = 0;
  for (const c of coeffs) series = series * x + c;
  return Math.log(n) / 2 - n + Math.log(2 * Math.PI) / 2 + rn * series;
}

/**
 * The one-sided Smirnov tail P(D_n^+ ≥ x) (scipy.special.smirnov), by the exact Birnbaum–Tingey sum
 *   x Σ_{j=0}^{⌊n(1−x)⌋} C(n, j) (1 − x − j/n)^{n−j} (x + j/n)^{j−1},
 * with every term in logarithms so large n neither overflows nor underflows.
 */
export function smirnovSf(n: number, x: number): number {
  if (!(x > 0)) return 1;
  if (x >= 1) return 0;
  if (n === 1) return 1 - x;
  const last = Math.floor(n * (1 - x) + 1e-12);
  const logs = new Float64Array(last + 1);
  // log C(n, j), built up term by term with Kahan summation: for n ~ 10^6 plain summation drifts by ~1e-8.
  let logBinom = 0;
  let carry = 0;
  let max = -Infinity;
  let count = 0;
  for (let j = 0; j <= last; j++) {
    if (j > 0) {
      const y = Math.log((n - j + 1) / j) - carry;
      const sum = logBinom + y;
      carry = sum - logBinom - y;
      logBinom = sum;
    }
    const b = x + j / n;
    if (b >= 1) continue;
    const t = logBinom + (n - j) * Math.log1p(-b) + (j - 1) * Math.log(b);
    logs[count++] = t;
    if (t > max) max = t;
  }
  let sum = 0;
  for (let i = 0; i < count; i++) sum += Math.exp((logs[i] ?? 0) - max);
  return clip(x * Math.exp(max) * sum);
}

/** Square matrix product (row-major). */
function multiply(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < m; k++) {
      const aik = a[i * m + k] ?? 0;
      if (aik === 0) continue;
      const row = k * m;
      const base = i * m;
      for (let j = 0; j < m; j++) out[base + j]! += aik * (b[row + j] ?? 0);
    }
  }
  return out;
}

/** P(D_n < d) by Durbin's matrix: n!/n^n · (H^n)[k−1, k−1], d = (k − h)/n (Marsaglia, Tsang & Wang 2003). */
function durbinCdf(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;
  const H = new Float64Array(m * m);
  // v[j] = (1 − h^(j+1)) / (j+1)!  and  1/r! for the band below the first superdiagonal.
  const v = new Float64Array(m);
  const invFact = new Float64Array(m + 1);
  invFact[0] = 1;
  for (let j = 1; j <= m; j++) invFact[j] = (invFact[j - 1] ?? 0) / j;
  for (let j = 0; j < m; j++) v[j] = (1 - h ** (j + 1)) * (invFact[j + 1] ?? 0);
  v[m - 1] = (1 - 2 * h ** m + Math.max(0, 2 * h - 1) ** m) * (invFact[m] ?? 0);
  for (let row = 0; row < m; row++) {
    for (let col = 1; col < m; col++) if (row >= col - 1) H[row * m + col] = invFact[row - col + 1] ?? 0;
    H[row * m] = v[row] ?? 0;
  }
  for (let col = 0; col < m; col++) H[(m - 1) * m + col] = v[m - 1 - col] ?? 0;

  // H^n by squaring, rescaling by 2^±128 and keeping the exponents apart.
  let power: Float64Array = new Float64Array(m * m);
  for (let i = 0; i < m; i++) power[i * m + i] = 1;
  let base: Float64Array = H;
  let powerExp = 0;
  let baseExp = 0;
  let e = n;
  while (e > 0) {
    if (e % 2 === 1) {
      power = multiply(power, base, m);
      powerExp += baseExp;
    }
    e = Math.floor(e / 2);
    if (e === 0) break;
    base = multiply(base, base, m);
    baseExp *= 2;
    if (Math.abs(base[(k - 1) * m + (k - 1)] ?? 0) > E128) {
      for (let i = 0; i < base.length; i++) base[i]! *= EM128;
      baseExp += 128;
    }
  }
  let p = power[(k - 1) * m + (k - 1)] ?? 0;
  let exp = powerExp;
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < EM128) {
      p *= E128;
      exp -= 128;
    }
  }
  return clip(p * 2 ** exp);
}

/** Pelz–Good (1976) asymptotic series for P(D_n ≤ x), suitable for small z = x√n. */
function pelzGoodCdf(n: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const z = Math.sqrt(n) * x;
  const z2 = z * z;
  const z4 = z2 * z2;
  const z6 = z4 * z2;
  const qlog = -PI2 / 8 / z2;
  if (qlog < -708) return 0;
  const q = Math.exp(qlog);
  const k1a = -z2;
  const k1b = PI2 / 4;
  const k2a = 6 * z6 + 2 * z4;
  const k2b = ((2 * z4 - 5 * z2) * PI2) / 4;
  const k2c = (PI4 * (1 - 2 * z2)) / 16;
  const k3d = (PI6 * (5 - 30 * z2)) / 64;
  const k3c = (PI4 * (-60 * z2 + 212 * z4)) / 16;
  const k3b = (PI2 * (135 * z4 - 96 * z6)) / 4;
  const k3a = -30 * z6 - 90 * z4 * z4;
  const K = [0, 0, 0, 0];
  const maxk = Math.ceil((16 * z) / Math.PI);
  // Horner over odd m = 2k − 1 of Σ c_m q^(m²), written as q · Σ c_k (q^8)^(k(k−1)/2…) nesting.
  for (let k = maxk; k >= 1; k--) {
    const m = 2 * k - 1;
    const m2 = m * m;
    const m4 = m2 * m2;
    const m6 = m4 * m2;
    const qpower = q ** (8 * k);
    const coeffs = [1, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4, k3a + k3b * m2 + k3c * m4 + k3d * m6];
    for (let i = 0; i < 4; i++) K[i] = (K[i] ?? 0) * qpower + (coeffs[i] ?? 0);
  }
  const denominators = [z, 6 * z4, 72 * z4 * z2 * z, 6480 * z4 * z6];
  for (let i = 0; i < 4; i++) K[i] = ((K[i] ?? 0) * q * SQRT2PI) / (denominators[i] ?? 1);
  // The sums over all integers k for K2 and K3.
  const qq = Math.exp(-PI2 / 2 / z2);
  let k2extra = 0;
  let k3extra = 0;
  const sqrt3z = Math.sqrt(3) * z;
  for (let k = maxk; k >= 1; k--) {
    const k2 = k * k;
    const w = qq ** k2;
    k2extra += k2 * w;
    const kpi = Math.PI * k;
    k3extra += (sqrt3z + kpi) * (sqrt3z - kpi) * k2 * w;
  }
  K[2] = (K[2] ?? 0) + (k2extra * PI2 * SQRT2PI) / (-36 * z2 * z);
  K[3] = (K[3] ?? 0) + (k3extra * PI2 * SQRT2PI) / (216 * z6);
  let sum = 0;
  for (let i = 0; i < 4; i++) sum += (K[i] ?? 0) / n ** (i / 2);
  return sum;
}

/** P(D_n ≥ d) for the two-sided one-sample Kolmogorov–Smirnov statistic (scipy.stats.kstwo.sf). */
export function kolmogorovSf(n: number, d: number): number {
  if (!Number.isInteger(n) || n <= 0 || Number.isNaN(d)) return Number.NaN;
  if (d >= 1) return 0;
  if (d <= 0) return 1;
  const t = n * d;
  if (t <= 1) {
    // Ruben–Gambino: P(D_n ≤ d) = n!/n^n (2t − 1)^n for 1/(2n) ≤ d ≤ 1/n.
    if (t <= 0.5) return 1;
    let cdf: number;
    if (n <= 140) {
      cdf = 1;
      for (let i = 1; i <= n; i++) cdf *= (i / n) * (2 * t - 1);
    } else {
      cdf = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
    }
    return clip(1 - cdf);
  }
  if (t >= n - 1) return clip(2 * (1 - d) ** n);
  if (d >= 0.5) return clip(2 * smirnovSf(n, d));
  const nd2 = t * d;
  if (n <= 140) {
    if (nd2 <= 4) return clip(1 - durbinCdf(n, d));
    return clip(2 * smirnovSf(n, d));
  }
  if (nd2 >= 370) return 0;
  if (nd2 >= 2.2) return clip(2 * smirnovSf(n, d));
  let cdf: number;
  if (nd2 >= 18) cdf = 1;
  else if (n <= 100_000 && n * d ** 1.5 <= 1.4) cdf = durbinCdf(n, d);
  else cdf = pelzGoodCdf(n, d);
  return clip(1 - clip(cdf));
}
