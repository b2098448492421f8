// Decoding CMUdict words with a trained model and scoring the phonemes (WER/PER of metrics.ts).
import type { Translator } from '../../src/core/translator';
import type { Entry } from './cmudict';
import { metrics, scoreWords } from './metrics';

/** Target text for the 'word' tokenizer: a leading space makes every phoneme one "▁XX" token (39 + 4 specials). */
export const phonemeText = (p: string[]) => ' ' + p.join(' ');
const textPhonemes = (t: string) => t.trim().split(/\s+/).filter(Boolean);

/** The best hypothesis of every word, as phonemes; `chunk` words per decoding call. */
export function decodeAll(translator: Translator, entries: Entry[], beamSize: number, chunk = 256): string[][] {
  const { targetVocab, targetTokenizer } = translator.parts;
  const out: string[][] = [];
  for (let i = 0; i < entries.length; i += chunk) {
    const ids = entries.slice(i, i + chunk).map((e) => translator.encodeSource(e.word).ids);
    for (const n of translator.decodeIds(ids, { beamSize }))
      out.push(textPhonemes(targetTokenizer.detokenize(targetVocab.decode(n[0].ids))));
  }
  return out;
}

/** Decodes and scores `entries`; `bootstrap` resamples for the 95% intervals (0: none). */
export function scoreTranslator(translator: Translator, entries: Entry[], beamSize: number, bootstrap: number) {
  const t0 = performance.now();
  const hyps = decodeAll(translator, entries, beamSize);
  const decodeS = (performance.now() - t0) / 1000;
  const scores = scoreWords(entries, hyps);
  return { metrics: metrics(scores, bootstrap), scores, hyps, decodeS };
}

/** Where run.ts --keep-checkpoints keeps the weights of each dev check, one directory per step. */
export const CHECKPOINTS = 'checkpoints';
export const stepName = (step: number) => `step-${String(step).padStart(7, '0')}`;
