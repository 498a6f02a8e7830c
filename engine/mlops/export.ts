/**
 * Model folders.
 *
 * A run saves each trained model under runs/<id>/model-<node>/ (saveRunModel): the model files of
 * engine/ml/model-files (modelwright-model.json, and for networks the standard TensorFlow.js model.json +
 * weights.bin), recipe.json (the preprocessing and the input columns, readable) and reference.json (the
 * training-data profile for drift monitoring).
 *
 * Exporting (exportModelFolder) copies such a folder and adds predict.js, a dependency-free predictor
 * (`node predict.js input.csv > out.csv`; the engine's own CSV reader and recipe code bundled with a plain
 * JavaScript network, built here with esbuild), and a README saying what the model is and how to use it.
 */
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MwError } from '../errors';
import type { FileAccess } from '../io/files';
import { createNodeFileAccess } from '../io/node-files';
import type { ModelBundle } from '../ml/model';
import { MODEL_MANIFEST, modelManifestSchema, type ModelManifest } from '../ml/model-files/format';
import { saveModel } from '../ml/model-files/index';
import type { ArtifactWriter } from '../runstore/artifacts';
import type { SaveModel } from '../runstore/recorder';
import type { RunMetrics } from '../runstore/schema';
import { referenceProfileSchema, type ReferenceProfile } from './profile';
import { trainingReference } from './reference';

export const RECIPE_FILE = 'recipe.json';
export const REFERENCE_FILE = 'reference.json';
export const PREDICTOR_FILE = 'predict.js';
export const README_FILE = 'README.md';

/** FileAccess whose writes go through an ArtifactWriter (so a full disk is simulated for model files too). */
export function writerFileAccess(writer: ArtifactWriter, base: FileAccess = createNodeFileAccess()): FileAccess {
  return { ...base, writeAtomic: (path, data) => writer.writeFile(path, data), mkdirp: (path) => writer.mkdirp(path) };
}

function recipeDocument(model: ModelBundle): unknown {
  return {
    format: 'modelwright.recipe',
    version: 1,
    task: model.task,
    target: model.target,
    classes: model.classes,
    inputs: model.inputSchema,
    steps: model.recipe,
    features: model.features,
  };
}

/** The recorder's SaveModel: model files, recipe.json and reference.json. */
export const saveRunModel: SaveModel = async (model, dir, { nodeId, plan, outputs, writer }) => {
  await saveModel(model, dir, writerFileAccess(writer));
  await writer.writeFile(join(dir, RECIPE_FILE), `${JSON.stringify(recipeDocument(model), null, 2)}\n`);
  const reference = trainingReference(plan, outputs, nodeId, model);
  if (reference !== null) await writer.writeFile(join(dir, REFERENCE_FILE), `${JSON.stringify(reference)}\n`);
};

/** Reads and validates a model folder's manifest (MW_MODEL_FILE_INVALID when it is not a model folder). */
export async function readManifest(dir: string): Promise<ModelManifest> {
  let text: string;
  try {
    text = await readFile(join(dir, MODEL_MANIFEST), 'utf8');
  } catch (cause) {
    throw new MwError('MW_MODEL_FILE_INVALID', { message: `"${dir}" has no ${MODEL_MANIFEST}: it is not a Modelwright model folder.`, details: { path: dir }, cause });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new MwError('MW_MODEL_FILE_INVALID', { message: `${MODEL_MANIFEST} in "${dir}" is not valid JSON.`, cause });
  }
  const parsed = modelManifestSchema.safeParse(raw);
  if (!parsed.success) throw new MwError('MW_MODEL_FILE_INVALID', { message: `${MODEL_MANIFEST} in "${dir}" is damaged: ${parsed.error.issues[0]?.message ?? 'invalid'}.` });
  return parsed.data;
}

/** The folder's reference.json, or null when it has none. */
export async function readReference(dir: string): Promise<ReferenceProfile | null> {
  const path = join(dir, REFERENCE_FILE);
  if (!existsSync(path)) return null;
  const parsed = referenceProfileSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
  if (!parsed.success) throw new MwError('MW_MODEL_FILE_INVALID', { message: `${REFERENCE_FILE} in "${dir}" is damaged: ${parsed.error.issues[0]?.message ?? 'invalid'}.` });
  return parsed.data;
}

let predictorCache: Promise<string> | undefined;

/** predict.js: main.ts and what it imports, bundled into one CommonJS file (zod's messages in English only). */
export function predictorSource(): Promise<string> {
  predictorCache ??= (async () => {
    const esbuild = await import('esbuild');
    const entry = fileURLToPath(new URL('./predictor/main.ts', import.meta.url));
    const englishOnly = {
      name: 'zod-english-only',
      setup(build: { onLoad(options: { filter: RegExp }, callback: () => { contents: string; loader: 'js' }): void }) {
        build.onLoad({ filter: /zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({ contents: 'export { default as en } from "./en.js";', loader: 'js' }));
      },
    };
    const result = await esbuild.build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node18',
      minify: true,
      legalComments: 'none',
      write: false,
      plugins: [englishOnly],
      banner: {
        js:
          '#!/usr/bin/env node\n' +
          '// Modelwright predictor: node predict.js input.csv > predictions.csv (or "-" for standard input).\n' +
          '// Reads the model in this folder. No dependencies: Modelwright\'s CSV reader and preprocessing, bundled, and the\n' +
          '// network in plain JavaScript. Generated from engine/mlops/predictor/ of Modelwright; see README.md.',
      },
    });
    const file = result.outputFiles[0];
    if (file === undefined) throw new MwError('MW_INTERNAL', { message: 'The predictor could not be built.' });
    return file.text;
  })();
  predictorCache.catch(() => (predictorCache = undefined));
  return predictorCache;
}

const fmt = (x: number | null | undefined) => (x === null || x === undefined ? '—' : Number(x.toPrecision(4)).toString());

/** A typical input row (median / most common value per column) for the README's examples. */
export function exampleRow(manifest: ModelManifest, reference: ReferenceProfile | null): Record<string, number | string | null> {
  const row: Record<string, number | string | null> = {};
  for (const input of manifest.inputSchema) {
    const profile = reference?.columns.find((c) => c.name === input.name);
    if (profile?.kind === 'numeric' && profile.values.length > 0) row[input.name] = profile.values[Math.floor(profile.values.length / 2)] ?? null;
    else if (profile?.kind === 'categorical') row[input.name] = Object.entries(profile.counts).sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
    else row[input.name] = input.type === 'categorical' || input.type === 'text' || input.type === 'identifier' ? 'value' : input.type === 'datetime' ? '2025-01-01' : 0;
  }
  return row;
}

export function modelReadme(manifest: ModelManifest, reference: ReferenceProfile | null, metrics: RunMetrics | null, origin: string): string {
  const example = exampleRow(manifest, reference);
  const header = Object.keys(example);
  const csvLine = header.map((h) => String(example[h] ?? '')).join(',');
  const what = manifest.task === 'classification' ? `classification of "${manifest.target}" into ${manifest.classes.map((c) => `"${c}"`).join(', ')}` : `regression of "${manifest.target}"`;
  const lines = [
    `# Model: ${manifest.kind} (${what})`,
    '',
    `Exported by Modelwright ${manifest.metadata.modelwrightVersion} from ${origin}. Trained on ${manifest.metadata.trainRows} rows` +
      ` with TensorFlow.js ${manifest.metadata.tfjsVersion} (${manifest.metadata.backend.name} backend), seed ${manifest.metadata.seed}.`,
    '',
  ];
  if (metrics !== null) {
    lines.push('## How good it is', '', `Headline: ${metrics.headline.partition} ${metrics.headline.metric} = ${fmt(metrics.headline.value)}` + (metrics.headline.ci === null ? '.' : ` (95% CI ${fmt(metrics.headline.ci.lower)} to ${fmt(metrics.headline.ci.upper)}).`), '');
    lines.push('| partition | ' + Object.keys(metrics.scores[metrics.headline.partition] ?? {}).join(' | ') + ' |');
    lines.push('|---|' + Object.keys(metrics.scores[metrics.headline.partition] ?? {}).map(() => '---').join('|') + '|');
    for (const [partition, scores] of Object.entries(metrics.scores)) lines.push(`| ${partition} | ${Object.values(scores ?? {}).map(fmt).join(' | ')} |`);
    lines.push('');
  }
  lines.push(
    '## Inputs',
    '',
    'Raw columns, as in the training CSV (extra columns are carried along; missing values are handled as in training):',
    '',
    '| column | type |',
    '|---|---|',
    ...manifest.inputSchema.map((c) => `| ${c.name} | ${c.type} |`),
    '',
    '## Predict from a CSV file (Node.js 18 or later, nothing to install)',
    '',
    '```sh',
    'node predict.js input.csv > predictions.csv',
    '```',
    '',
    `The output is the input rows plus \`prediction\`${manifest.task === 'classification' ? ' and a probability column `p(<class>)` per class' : ''}. Example input:`,
    '',
    '```csv',
    header.join(','),
    csvLine,
    '```',
    '',
    '## Serve predictions over HTTP',
    '',
    '```sh',
    'modelwright serve .            # listens on http://127.0.0.1:8080',
    `curl -s http://127.0.0.1:8080/predict -H 'content-type: application/json' -d '${JSON.stringify({ rows: [example] })}'`,
    '```',
    '',
    'GET /schema lists the expected columns; GET /health answers {"ok": true}. Bad requests get a coded 4xx error.',
    '',
    '## Check new data for drift',
    '',
    '```sh',
    'modelwright monitor . new.csv',
    '```',
    '',
    '## Files',
    '',
    `- \`${MODEL_MANIFEST}\`: the model description (task, target encoding, input columns, preprocessing recipe, feature layout, training history and metadata).`,
    '- `model.json`, `weights.bin`: the network as a standard TensorFlow.js Layers model (`tf.loadLayersModel`). It takes the prepared feature vector; the recipe turns raw rows into it.',
    `- \`${RECIPE_FILE}\`: the preprocessing steps with their fitted values (fill values, categories, scaling), readable.`,
    `- \`${PREDICTOR_FILE}\`: the dependency-free predictor.`,
  );
  if (reference !== null) {
    lines.push(
      `- \`${REFERENCE_FILE}\`: a profile of the training data (${reference.description}) for drift monitoring: per column, missing counts, category counts and a sample of up to 10,000 values. **It contains values from the training data**; remove it before sharing the model if that data is confidential (drift monitoring then needs a reference file).`,
    );
  }
  return `${lines.join('\n')}\n`;
}

export interface ExportOptions {
  /** Where the model came from, for the README (e.g. "run 3 of Houses"). */
  readonly origin?: string;
  readonly metrics?: RunMetrics | null;
}

/** Copies a model folder to `outDir` and adds predict.js and README.md. Returns the files written. */
export async function exportModelFolder(sourceDir: string, outDir: string, options: ExportOptions = {}): Promise<string[]> {
  const manifest = await readManifest(sourceDir);
  const reference = await readReference(sourceDir);
  const target = resolve(outDir);
  try {
    if (resolve(sourceDir) !== target) {
      await mkdir(target, { recursive: true });
      for (const entry of await readdir(sourceDir)) {
        if (entry === PREDICTOR_FILE || entry === README_FILE) continue;
        await cp(join(sourceDir, entry), join(target, entry), { recursive: true });
      }
    }
    await writeFile(join(target, PREDICTOR_FILE), await predictorSource(), { mode: 0o755 });
    await writeFile(join(target, README_FILE), modelReadme(manifest, reference, options.metrics ?? null, options.origin ?? 'a Modelwright run'));
  } catch (thrown) {
    if (thrown instanceof MwError) throw thrown;
    throw new MwError('MW_DISK_WRITE', { message: `The model could not be exported to "${target}": ${thrown instanceof Error ? thrown.message : String(thrown)}.`, details: { path: target }, cause: thrown });
  }
  return (await readdir(target)).sort();
}

/** Saves a model held in memory (e.g. the canvas's last run) as an exported folder. */
export async function exportModel(model: ModelBundle, outDir: string, options: ExportOptions & { reference?: ReferenceProfile | null } = {}): Promise<string[]> {
  const files = createNodeFileAccess();
  await saveModel(model, outDir, files);
  await writeFile(join(outDir, RECIPE_FILE), `${JSON.stringify(recipeDocument(model), null, 2)}\n`);
  if (options.reference !== undefined && options.reference !== null) await writeFile(join(outDir, REFERENCE_FILE), `${JSON.stringify(options.reference)}\n`);
  return exportModelFolder(outDir, outDir, options);
}
