// The section validators: ranges, unknown keys, completeness, and the rules tying options together.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PRESETS } from '../../../src/core/model/config';
import {
  OptionError,
  validateArchitecture,
  validateData,
  validateDecoding,
  validateTraining,
} from '../../../src/core/options';
import { DEFAULT_DATA_OPTIONS } from '../../../src/core/train/dataset';
import { DEFAULT_TRAIN_OPTIONS } from '../../../src/core/train/trainer';

function rejects(run: () => unknown, message: RegExp): OptionError {
  let caught: unknown;
  try {
    run();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof OptionError, `expected an OptionError, got ${caught}`);
  assert.match(caught.message, message);
  assert.ok(!caught.message.includes('\n'), 'one line');
  return caught;
}

test('the defaults and every preset are valid and complete', () => {
  assert.doesNotThrow(() => validateTraining(DEFAULT_TRAIN_OPTIONS, { complete: true }));
  assert.doesNotThrow(() => validateData(DEFAULT_DATA_OPTIONS, { complete: true }));
  for (const preset of Object.values(PRESETS))
    assert.doesNotThrow(() => validateArchitecture(preset, { complete: true }));
});

test('training: the values the issue found accepted are refused with the option, value and range', () => {
  rejects(() => validateTraining({ batchSize: 0 }), /^batchSize must be an integer from 1 to 4096, got 0$/);
  rejects(() => validateTraining({ learningRate: -1 }), /^learningRate must be a number from 0 to 1, got -1$/);
  rejects(() => validateTraining({ learningRate: 1e30 }), /got 1e\+30/);
  rejects(() => validateTraining({ learningRate: NaN }), /got NaN/);
  rejects(
    () => validateTraining({ metric: 'accuracy' }),
    /^metric must be one of auto, exact, tokenAccuracy, bleu, chrf, loss, cer, got "accuracy"$/,
  );
  rejects(() => validateTraining({ epochs: 2.5 }), /epochs must be an integer/);
  rejects(() => validateTraining({ epochs: '3' }), /epochs must be an integer from 1 to 100000, got "3"/);
});

test('unknown keys are errors, named with the known ones; a missing key only when complete', () => {
  rejects(() => validateTraining({ batchsize: 8 }), /^batchsize is not a training option \(known: epochs, batchSize, /);
  rejects(
    () => validateData({ ...DEFAULT_DATA_OPTIONS, maxLength: undefined }, { complete: true }),
    /maxLength must be an integer from 1 to 10000, got nothing/,
  );
  assert.deepEqual(validateData({ maxLength: 5 }), { maxLength: 5 });
  rejects(() => validateData(null), /data must be an object, got null/);
});

test('architecture: widths are bounded, and combinations the model cannot build are refused', () => {
  rejects(
    () => validateArchitecture({ hiddenSize: 100_000 }),
    /hiddenSize must be an integer from 1 to 4096, got 100000/,
  );
  rejects(() => validateArchitecture({ dropout: 1 }), /dropout must be a number >= 0 and < 1, got 1/);
  rejects(
    () => validateArchitecture({ ...PRESETS.bahdanau2014, attention: 'dot' }, { complete: true }),
    /dot attention needs encoder outputs as wide as the decoder state/,
  );
});

test('architecture: each family takes its own options; reversal and fixed context say why not', () => {
  const transformer = { kind: 'transformer' } as const;
  rejects(
    () => validateArchitecture({ ...PRESETS.vaswani2017, reverseSource: true }, { complete: true }),
    /^source reversal does not apply to the Transformer: it attends to every source position at once/,
  );
  rejects(
    () => validateArchitecture({ feedContext: true }, { kind: 'transformer' }),
    /^a fixed context vector \(Cho et al.\) does not apply to the Transformer: its decoder attends/,
  );
  rejects(
    () => validateArchitecture({ ...transformer, hiddenSize: 64 }),
    /^hiddenSize is an option of the RNN presets .*, not of the Transformer \(vaswani2017\) \(its options: modelSize, /,
  );
  rejects(
    () => validateArchitecture({ modelSize: 64 }, { kind: 'rnn' }),
    /^modelSize is an option of the Transformer \(vaswani2017\), not of the RNN presets/,
  );
  rejects(
    () => validateArchitecture({ ...PRESETS.vaswani2017, modelSize: 250 }, { complete: true }),
    /modelSize 250 must be a multiple of heads 4/,
  );
  rejects(() => validateArchitecture({ kind: 'mamba' }), /^kind must be one of rnn, transformer, got "mamba"$/);
  // Overrides whose preset is not known yet may hold either family's options.
  assert.deepEqual(validateArchitecture({ hiddenSize: 64, modelSize: 64 }), { hiddenSize: 64, modelSize: 64 });
});

test("decoding: n-best above the beam is an error in the caller's own option names", () => {
  const e = rejects(() => validateDecoding({ beamSize: 2, nBest: 5 }), /^nBest 5 cannot exceed beamSize 2/);
  assert.match(
    e.describe((k) => ({ nBest: '--n-best', beamSize: '--beam' })[k] ?? k),
    /^--n-best 5 cannot exceed --beam 2/,
  );
  rejects(() => validateDecoding({ nBest: 2 }), /nBest 2 cannot exceed beamSize 1/);
  assert.doesNotThrow(() => validateDecoding({ beamSize: 4, nBest: 4, maxLength: 20, lengthPenalty: 0 }));
});
