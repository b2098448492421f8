// Adam with gradient-norm clipping, and its state in a form the model store can save and restore.
import { tf } from '../backend/tf';
import type { Params } from '../model/params';
import { withTransposeCache } from '../model/matmul';
import { kernels } from '../kernels';
import type { AdamSettings, AdamUpdater } from '../kernels/types';
import type { NamedArrays } from '../util/named-arrays';

export interface OptimizerSettings {
  learningRate: number;
  clipNorm: number;
  /** Adam's second-moment decay (default 0.999). */
  adamBeta2?: number;
}

export class ClippedAdam {
  private readonly adam: AdamUpdater;
  private settings: AdamSettings;

  constructor(
    private readonly params: Params,
    settings: OptimizerSettings,
  ) {
    this.settings = { learningRate: settings.learningRate, clipNorm: settings.clipNorm, beta2: settings.adamBeta2 };
    // The active kernels' Adam: fused or tfjs's own; both save their state in tfjs's format.
    this.adam = kernels().adam(params.list(), this.settings);
  }

  get learningRate(): number {
    return this.settings.learningRate;
  }

  /** The learning rate of the next steps; the moments and step count are kept (a schedule sets it every step). */
  setLearningRate(learningRate: number): void {
    this.settings = { ...this.settings, learningRate };
    this.adam.setLearningRate(learningRate);
  }

  /** One update from the loss; returns the loss value and the gradient norm before clipping. */
  step(loss: () => tf.Scalar): { loss: number; gradNorm: number } {
    const vars = this.params.list();
    const { value, grads } = withTransposeCache(() => tf.variableGrads(loss, vars));
    const result = tf.tidy(() => tf.stack([value, this.adam.apply(vars.map((v) => grads[v.name]))]));
    const [lossValue, gradNorm] = result.dataSync();
    tf.dispose([result, value, ...Object.values(grads)]);
    return { loss: lossValue, gradNorm };
  }

  get iterations(): number {
    return this.adam.iterations;
  }

  /** Step count, then first and second moments in parameter order, under the parameters' own names. */
  async state(): Promise<NamedArrays[]> {
    const weights = await this.adam.getWeights();
    return Promise.all(
      weights.map(async (w) => ({
        name: w.name === 'iter' ? 'iter' : this.params.localName(w.name),
        shape: w.tensor.shape,
        values: Float32Array.from(await w.tensor.data()),
      })),
    );
  }

  async restore(state: NamedArrays[]): Promise<void> {
    const [iter, ...moments] = state;
    if (iter?.name !== 'iter' || moments.length !== 2 * this.params.list().length) {
      throw new Error(
        'optimizer state does not match the model: expected the step count and two moments per parameter',
      );
    }
    await this.adam.setWeights([
      { name: 'iter', tensor: tf.scalar(iter.values[0], 'int32') },
      ...moments.map((m) => ({ name: this.params.variableName(m.name), tensor: tf.tensor(m.values, m.shape) })),
    ]);
  }

  dispose(): void {
    this.adam.dispose();
  }
}
