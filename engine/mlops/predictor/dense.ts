/**
 * A dense network's forward pass in plain JavaScript, from the standard TensorFlow.js files of a model
 * folder (model.json: Keras topology and weights manifest; weights.bin: little-endian float32). Used by the
 * dependency-free predictor (predict.js) so it needs neither TensorFlow.js nor any other package.
 * Arithmetic is in doubles; TensorFlow.js computes in float32, so values agree to about 1e-6 relative.
 */
import { MwError } from '../../errors';
import type { Estimator, FeatureMatrix } from '../../ml/model';

interface DenseLayer {
  readonly inputs: number;
  readonly units: number;
  readonly activation: string;
  /** inputs × units, row-major. */
  readonly kernel: Float32Array;
  readonly bias: Float32Array;
}

interface TfjsModelJson {
  readonly modelTopology?: { readonly config?: { readonly layers?: readonly { readonly class_name?: string; readonly config?: { readonly units?: number; readonly activation?: string } }[] } };
  readonly weightsManifest?: readonly { readonly paths: readonly string[]; readonly weights: readonly { readonly name: string; readonly shape: readonly number[]; readonly dtype?: string }[] }[];
}

function invalid(message: string): MwError {
  return new MwError('MW_MODEL_FILE_INVALID', { message });
}

/** Reads the Dense layers of a TensorFlow.js Layers model; `readWeights(path)` returns the bytes of a weights file. */
export function denseLayers(modelJson: unknown, readWeights: (path: string) => Uint8Array): DenseLayer[] {
  const json = modelJson as TfjsModelJson;
  const layers = json.modelTopology?.config?.layers ?? [];
  const manifest = json.weightsManifest ?? [];
  const buffers = manifest.flatMap((group) => group.paths.map((p) => readWeights(p.replace(/^\.\//, ''))));
  const total = buffers.reduce((s, b) => s + b.byteLength, 0);
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const b of buffers) {
    bytes.set(b, at);
    at += b.byteLength;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 0;
  const take = (count: number): Float32Array => {
    if (offset + count * 4 > total) throw invalid('weights.bin is shorter than model.json says.');
    const out = new Float32Array(count);
    for (let i = 0; i < count; i++) out[i] = view.getFloat32(offset + 4 * i, true);
    offset += count * 4;
    return out;
  };
  const specs = manifest.flatMap((g) => g.weights);
  const dense: DenseLayer[] = [];
  let spec = 0;
  for (const layer of layers) {
    if (layer.class_name !== 'Dense') throw invalid(`Layer type "${layer.class_name ?? '?'}" is not supported by the predictor (Dense only).`);
    const kernelSpec = specs[spec++];
    const biasSpec = specs[spec++];
    if (kernelSpec === undefined || biasSpec === undefined || kernelSpec.shape.length !== 2) throw invalid('model.json lists fewer weights than layers.');
    if ((kernelSpec.dtype ?? 'float32') !== 'float32' || (biasSpec.dtype ?? 'float32') !== 'float32') throw invalid('Only float32 weights are supported.');
    const [inputs = 0, units = 0] = kernelSpec.shape;
    dense.push({ inputs, units, activation: layer.config?.activation ?? 'linear', kernel: take(inputs * units), bias: take(units) });
  }
  if (dense.length === 0) throw invalid('model.json has no layers.');
  return dense;
}

function activate(values: Float64Array, activation: string): void {
  switch (activation) {
    case 'linear':
      return;
    case 'relu':
      for (let i = 0; i < values.length; i++) values[i] = Math.max(0, values[i] ?? 0);
      return;
    case 'tanh':
      for (let i = 0; i < values.length; i++) values[i] = Math.tanh(values[i] ?? 0);
      return;
    case 'sigmoid':
      for (let i = 0; i < values.length; i++) values[i] = 1 / (1 + Math.exp(-(values[i] ?? 0)));
      return;
    case 'softmax': {
      let max = -Infinity;
      for (const v of values) max = Math.max(max, v);
      let sum = 0;
      for (let i = 0; i < values.length; i++) sum += values[i] = Math.exp((values[i] ?? 0) - max);
      for (let i = 0; i < values.length; i++) values[i] = (values[i] ?? 0) / sum;
      return;
    }
    default:
      throw invalid(`Activation "${activation}" is not supported by the predictor.`);
  }
}

/** The network as an Estimator: n×k probabilities (k ≥ 2) for classifiers, values in target units for regression. */
export function denseEstimator(layers: readonly DenseLayer[], targetScale: { center: number; scale: number } | null, description: string): Estimator {
  const last = layers[layers.length - 1]!;
  return {
    family: 'network',
    description,
    predict(x: FeatureMatrix): Float64Array {
      const k = last.activation === 'sigmoid' && last.units === 1 ? 2 : last.units;
      const out = new Float64Array(x.rows * k);
      for (let r = 0; r < x.rows; r++) {
        let a = Float64Array.from(x.data.subarray(r * x.cols, (r + 1) * x.cols));
        for (const layer of layers) {
          const z = new Float64Array(layer.units);
          for (let j = 0; j < layer.units; j++) z[j] = layer.bias[j] ?? 0;
          for (let i = 0; i < layer.inputs; i++) {
            const ai = a[i] ?? 0;
            if (ai === 0) continue;
            const row = i * layer.units;
            for (let j = 0; j < layer.units; j++) z[j]! += ai * (layer.kernel[row + j] ?? 0);
          }
          activate(z, layer.activation);
          a = z;
        }
        if (k === 2 && last.units === 1) {
          out[2 * r] = 1 - (a[0] ?? 0);
          out[2 * r + 1] = a[0] ?? 0;
        } else if (targetScale !== null && last.activation === 'linear') {
          for (let j = 0; j < k; j++) out[r * k + j] = (a[j] ?? 0) * targetScale.scale + targetScale.center;
        } else {
          out.set(a, r * k);
        }
      }
      return out;
    },
  };
}
