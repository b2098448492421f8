// Public metrics API: validation scores and sacrebleu-compatible BLEU / chrF.
export { editDistance } from './edit-distance';
export { exactMatch, tokenAccuracy, charErrorRate, wordErrorRate } from './accuracy';
export { corpusBleu, type BleuResult } from './bleu';
export { corpusChrf, type ChrfResult } from './chrf';
