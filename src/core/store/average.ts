// Checkpoint averaging: the mean of the weights of several saved models of one run, as fairseq's
// average_checkpoints.py and OpenNMT's average_models.py do. The models must share architecture,
// tokenizers and vocabularies (checkpoints of one training); the result is one model.
import type { NamedArrays } from '../util/named-arrays';
import type { Manifest } from './manifest';
import { buildTranslator, type LoadedModel, readManifest } from './model-store';
import { readWeights } from './weights-file';

/** What must be equal for weights to be averaged: everything in the manifest that shapes the model. */
const SAME: (keyof Manifest)[] = ['architecture', 'tokenizers', 'vocabularies'];

/**
 * Loads the models in `dirs` as one whose every weight is their mean. The manifest returned is the
 * last one's (the latest checkpoint, as listed), so its training record and name carry over.
 */
export async function averageModels(dirs: string[]): Promise<LoadedModel> {
  if (dirs.length < 2) throw new Error(`Averaging needs at least two models; got ${dirs.length}.`);
  const manifests = await Promise.all(dirs.map((d) => readManifest(d)));
  manifests.forEach((m, i) => checkSameModel(manifests[0], m, dirs[0], dirs[i]));
  const weights = await Promise.all(dirs.map((d, i) => readWeights(d, manifests[i].weights, 'weights')));
  const manifest = manifests[manifests.length - 1];
  return { translator: buildTranslator(manifest, meanWeights(weights, dirs), dirs.join(', ')), manifest };
}

function checkSameModel(first: Manifest, other: Manifest, firstDir: string, otherDir: string): void {
  const differs = SAME.find((key) => JSON.stringify(first[key]) !== JSON.stringify(other[key]));
  if (differs)
    throw new Error(
      `Cannot average ${firstDir} and ${otherDir}: they differ in ${differs} ` +
        '(only checkpoints of one training can be averaged).',
    );
}

/** The element-wise mean, summed in float64 so that the order of the models does not matter. */
function meanWeights(models: NamedArrays[][], dirs: string[]): NamedArrays[] {
  return models[0].map((first) => {
    const sum = new Float64Array(first.values.length);
    models.forEach((arrays, i) => {
      const a = arrays.find((x) => x.name === first.name);
      if (!a || a.shape.join('x') !== first.shape.join('x'))
        throw new Error(`Cannot average: ${dirs[i]} has no weight ${first.name} of shape [${first.shape}].`);
      a.values.forEach((x, j) => (sum[j] += x));
    });
    return { name: first.name, shape: first.shape, values: Float32Array.from(sum, (x) => x / models.length) };
  });
}
