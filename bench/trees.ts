/**
 * `npm run bench -- trees [--rows 100000] [--test-rows 20000] [--cols 20] [--trees 300] [--repeat 1] [--no-peers]`
 *
 * Gradient boosting on a seeded synthetic binary problem (100,000 × 20 numeric training rows by default),
 * 300 trees of depth 6 (63 leaves), learning rate 0.1: Modelwright's learner against LightGBM on one
 * thread and scikit-learn's HistGradientBoostingClassifier with OMP_NUM_THREADS=1, in the same run, on
 * the same rows. The data goes to bench/out/trees-data.bin (float64 little-endian, rows × (cols + 1),
 * label last; the first `trainRows` rows train, the rest test) with trees-data.json describing it.
 *
 * Targets (issue 9): training time at most 4× LightGBM's, test AUC within 0.005 of LightGBM's. Times are
 * reported as wall clock and as CPU time of the training process (all its threads). Machines running this
 * are often shared, and wall time then depends on whatever else runs; the CPU time ratio is the one judged,
 * with the wall ratio printed beside it. With --repeat N every learner runs N times, interleaved, and each
 * learner's fastest run counts.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { trainGradientBoosting } from '../engine/ml/trees/index';
import { Rng } from '../engine/ml/trees/rng';

interface Options {
  rows: number;
  testRows: number;
  cols: number;
  trees: number;
  repeat: number;
  peers: boolean;
}

const PARAMS = { learningRate: 0.1, maxLeaves: 63, maxDepth: 6, minDataInLeaf: 20 } as const;
const TIME_TARGET = 4;
const AUC_TARGET = 0.005;

function parseOptions(args: string[]): Options {
  const o: Options = { rows: 100_000, testRows: 20_000, cols: 20, trees: 300, repeat: 1, peers: true };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const next = (): number => {
      const v = Number(args[++i]);
      if (!Number.isInteger(v) || v < 1) throw new Error(`${a} needs a positive integer`);
      return v;
    };
    if (a === '--rows') o.rows = next();
    else if (a === '--test-rows') o.testRows = next();
    else if (a === '--cols') o.cols = next();
    else if (a === '--trees') o.trees = next();
    else if (a === '--repeat') o.repeat = next();
    else if (a === '--no-peers') o.peers = false;
    else throw new Error(`unknown option ${a}`);
  }
  if (o.cols < 10) throw new Error('--cols must be at least 10 (the label uses the first ten features)');
  return o;
}

/**
 * Rows of `cols` features (Gaussian, except two uniform and one heavy-tailed) and a label drawn from a
 * logistic model with interactions and non-linear terms on the first ten features; the rest are noise.
 */
function makeData(rows: number, cols: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  const gauss = (): number => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  const width = cols + 1;
  const out = new Float64Array(rows * width);
  for (let r = 0; r < rows; r++) {
    const x = out.subarray(r * width, r * width + cols);
    for (let f = 0; f < cols; f++) x[f] = gauss();
    x[6] = 4 * rng.next() - 2;
    x[7] = 4 * rng.next() - 2;
    x[8] = x[8]! ** 3;
    const logit =
      x[0]! * x[1]! + 2 * Math.sin(x[2]!) + x[3]! - 0.5 * x[4]! * x[4]! +
      0.6 * x[5]! * (x[6]! > 0 ? 1 : -1) + 0.4 * Math.abs(x[7]!) + 0.2 * Math.tanh(x[8]!) + 0.3 * x[9]!;
    out[r * width + cols] = rng.next() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
  }
  return out;
}

/** ROC AUC by ranks (Mann–Whitney U), ties sharing their average rank. */
export function rocAuc(score: Float64Array, y: Float64Array): number {
  const n = y.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => score[a]! - score[b]!);
  let rankSum = 0;
  let positives = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && score[order[j + 1]!] === score[order[i]!]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (y[order[k]!] === 1) {
        rankSum += rank;
        positives++;
      }
    }
    i = j + 1;
  }
  const negatives = n - positives;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

interface Timing {
  wall: number;
  cpu: number;
}

interface Outcome extends Timing {
  name: string;
  version: string;
  auc: number;
}

const PEER_SCRIPT = String.raw`
import json, sys, time
import numpy as np
meta = json.load(open(sys.argv[1]))
which, out = sys.argv[2], sys.argv[3]
data = np.fromfile(meta['file'], dtype='<f8').reshape(meta['rows'], meta['cols'] + 1)
n = meta['trainRows']
x, y = data[:, :-1], data[:, -1]
p = meta['params']
if which == 'lightgbm':
    import lightgbm as lgb
    version = lgb.__version__
    params = dict(objective='binary', learning_rate=p['learningRate'], num_leaves=p['maxLeaves'],
                  max_depth=p['maxDepth'], min_data_in_leaf=p['minDataInLeaf'], min_sum_hessian_in_leaf=1e-3,
                  lambda_l2=0.0, max_bin=255, num_threads=1, verbose=-1, seed=0)
    w, c = time.perf_counter(), time.process_time()
    booster = lgb.train(params, lgb.Dataset(x[:n], y[:n]), num_boost_round=p['numTrees'])
    wall, cpu = time.perf_counter() - w, time.process_time() - c
    pred = booster.predict(x[n:])
else:
    import sklearn
    from sklearn.ensemble import HistGradientBoostingClassifier
    version = sklearn.__version__
    model = HistGradientBoostingClassifier(learning_rate=p['learningRate'], max_iter=p['numTrees'],
                                           max_leaf_nodes=p['maxLeaves'], max_depth=p['maxDepth'],
                                           min_samples_leaf=p['minDataInLeaf'], l2_regularization=0.0,
                                           max_bins=255, early_stopping=False, random_state=0)
    w, c = time.perf_counter(), time.process_time()
    model.fit(x[:n], y[:n])
    wall, cpu = time.perf_counter() - w, time.process_time() - c
    pred = model.predict_proba(x[n:])[:, 1]
np.asarray(pred, dtype='<f8').tofile(out)
print(json.dumps({'version': version, 'wall': wall, 'cpu': cpu}))
`;

const PEERS = [
  { id: 'lightgbm', name: 'LightGBM (1 thread)', module: 'lightgbm' },
  { id: 'sklearn', name: 'sklearn HistGradientBoosting (1 thread)', module: 'sklearn' },
] as const;

const THREAD_ENV = { OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };

/** The first interpreter (MODELWRIGHT_PYTHON, python3 on PATH, /usr/bin/python3) that imports `module`. */
function findPython(module: string): string | null {
  const candidates = [process.env.MODELWRIGHT_PYTHON, 'python3', '/usr/bin/python3'].filter((c): c is string => c !== undefined && c !== '');
  for (const python of new Set(candidates)) {
    const probe = spawnSync(python, ['-c', `import numpy, ${module}`], { encoding: 'utf8' });
    if (probe.status === 0) return python;
  }
  return null;
}

function runPeer(python: string, peer: (typeof PEERS)[number], metaFile: string, outDir: string, testY: Float64Array): Outcome {
  const predFile = join(outDir, `trees-pred-${peer.id}.bin`);
  const scriptFile = join(outDir, 'trees_peer.py');
  writeFileSync(scriptFile, PEER_SCRIPT);
  const result = spawnSync(python, [scriptFile, metaFile, peer.id, predFile], {
    encoding: 'utf8',
    env: { ...process.env, ...THREAD_ENV },
    maxBuffer: 16 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`${peer.name} failed: ${result.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  const lines = result.stdout.trim().split('\n');
  const info = JSON.parse(lines[lines.length - 1]!) as { version: string; wall: number; cpu: number };
  const bytes = readFileSync(predFile);
  const pred = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  return { name: peer.name, version: info.version, wall: info.wall, cpu: info.cpu, auc: rocAuc(pred, testY) };
}

function runOurs(data: Float64Array, o: Options, testY: Float64Array): Outcome {
  const width = o.cols + 1;
  const x = new Float64Array(o.rows * o.cols);
  const y = new Float64Array(o.rows);
  for (let r = 0; r < o.rows; r++) {
    x.set(data.subarray(r * width, r * width + o.cols), r * o.cols);
    y[r] = data[r * width + o.cols]!;
  }
  const testX = new Float64Array(o.testRows * o.cols);
  for (let r = 0; r < o.testRows; r++) {
    const from = (o.rows + r) * width;
    testX.set(data.subarray(from, from + o.cols), r * o.cols);
  }
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  const model = trainGradientBoosting({ x, rows: o.rows, cols: o.cols, y }, { objective: 'binary', numTrees: o.trees, ...PARAMS, seed: 0 });
  const wall = (performance.now() - wall0) / 1000;
  const cpuUsed = process.cpuUsage(cpu0);
  const proba = model.predictProba(testX, o.testRows);
  const p1 = new Float64Array(o.testRows);
  for (let r = 0; r < o.testRows; r++) p1[r] = proba[2 * r + 1]!;
  return { name: 'Modelwright', version: 'engine/ml/trees', wall, cpu: (cpuUsed.user + cpuUsed.system) / 1e6, auc: rocAuc(p1, testY) };
}

function fastest(runs: Outcome[]): Outcome {
  return runs.reduce((a, b) => (b.cpu < a.cpu ? b : a));
}

export async function run(args: string[]): Promise<void> {
  const o = parseOptions(args);
  const outDir = resolve('bench/out');
  mkdirSync(outDir, { recursive: true });
  const total = o.rows + o.testRows;
  const data = makeData(total, o.cols, 20240917);
  const dataFile = join(outDir, 'trees-data.bin');
  const metaFile = join(outDir, 'trees-data.json');
  writeFileSync(dataFile, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  writeFileSync(metaFile, JSON.stringify({ file: dataFile, rows: total, cols: o.cols, trainRows: o.rows, params: { ...PARAMS, numTrees: o.trees } }, null, 2));
  const testY = new Float64Array(o.testRows);
  for (let r = 0; r < o.testRows; r++) testY[r] = data[(o.rows + r) * (o.cols + 1) + o.cols]!;

  console.log(`trees: binary boosting, ${o.rows.toLocaleString('en')} × ${o.cols} train rows, ${o.testRows.toLocaleString('en')} test rows, ` +
    `${o.trees} trees, max depth ${PARAMS.maxDepth}, ${PARAMS.maxLeaves} leaves, learning rate ${PARAMS.learningRate}; node ${process.version}`);
  console.log(`data: ${dataFile}`);

  const peers: { peer: (typeof PEERS)[number]; python: string }[] = [];
  if (o.peers) {
    for (const peer of PEERS) {
      const python = findPython(peer.module);
      if (python === null) console.log(`peer missing: ${peer.name} (no python3 imports ${peer.module}; try \`python3 -m pip install ${peer.module === 'sklearn' ? 'scikit-learn' : peer.module}\`)`);
      else peers.push({ peer, python });
    }
  }

  const runs = new Map<string, Outcome[]>();
  const record = (outcome: Outcome): void => {
    runs.set(outcome.name, [...(runs.get(outcome.name) ?? []), outcome]);
    console.log(`  ${outcome.name}: ${outcome.wall.toFixed(2)} s wall, ${outcome.cpu.toFixed(2)} s CPU, AUC ${outcome.auc.toFixed(5)}`);
  };
  for (let i = 0; i < o.repeat; i++) {
    if (o.repeat > 1) console.log(`run ${i + 1} of ${o.repeat}`);
    for (const { peer, python } of peers) record(runPeer(python, peer, metaFile, outDir, testY));
    record(runOurs(data, o, testY));
  }

  const ours = fastest(runs.get('Modelwright')!);
  console.log('');
  console.log('learner                                   version          train wall   train CPU   test AUC   CPU ratio   wall ratio');
  const rows = [...runs.values()].map(fastest);
  for (const r of rows) {
    const cpuRatio = ours.cpu / r.cpu;
    const wallRatio = ours.wall / r.wall;
    console.log(`${r.name.padEnd(41)} ${r.version.padEnd(16)} ${r.wall.toFixed(2).padStart(8)} s ${r.cpu.toFixed(2).padStart(9)} s ${r.auc.toFixed(5).padStart(10)} ${cpuRatio.toFixed(2).padStart(10)}× ${wallRatio.toFixed(2).padStart(10)}×`);
  }
  const lightgbm = runs.get(PEERS[0].name);
  const verdicts: Record<string, unknown> = {};
  if (lightgbm === undefined) {
    console.log('\nLightGBM is missing, so the targets (time ≤ 4× LightGBM, AUC within 0.005) were not checked.');
  } else {
    const peer = fastest(lightgbm);
    const ratio = ours.cpu / peer.cpu;
    const aucGap = ours.auc - peer.auc;
    console.log('');
    console.log(`time: Modelwright / LightGBM = ${ratio.toFixed(2)}× CPU (${(ours.wall / peer.wall).toFixed(2)}× wall); target ≤ ${TIME_TARGET}× → ${ratio <= TIME_TARGET ? 'MET' : 'NOT MET'}`);
    console.log(`AUC: Modelwright − LightGBM = ${aucGap >= 0 ? '+' : ''}${aucGap.toFixed(5)}; target |gap| ≤ ${AUC_TARGET} → ${Math.abs(aucGap) <= AUC_TARGET ? 'MET' : 'NOT MET'}`);
    Object.assign(verdicts, { cpuRatio: ratio, wallRatio: ours.wall / peer.wall, aucGap, timeMet: ratio <= TIME_TARGET, aucMet: Math.abs(aucGap) <= AUC_TARGET });
  }
  writeFileSync(join(outDir, 'trees-result.json'), JSON.stringify({ options: o, params: PARAMS, runs: Object.fromEntries(runs), ...verdicts }, null, 2));
  rmSync(join(outDir, 'trees_peer.py'), { force: true });
}
