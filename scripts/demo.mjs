#!/usr/bin/env node
// The main job: train the bundled date-normalisation example and translate with it.
import { execFileSync } from 'node:child_process';

const model = '.seq2seq/models/dates-demo';
const cli = (...args) => execFileSync(process.execPath, ['bin/seq2seq.js', ...args], { stdio: 'inherit' });

execFileSync(process.execPath, ['esbuild.js'], { stdio: 'inherit' });
console.log('\n== training bahdanau2014 on examples/dates/dates.tsv (one epoch) ==');
cli(
  'train',
  'examples/dates/dates.tsv',
  '--preset',
  'bahdanau2014',
  '--epochs',
  '1',
  '--batch-size',
  '64',
  '--out',
  model,
  // the demo's own model: a second `npm run demo` trains it again instead of refusing to replace it
  '--force',
);
console.log('\n== translating ==');
cli(
  'translate',
  '--model',
  model,
  '3 May 2021',
  'Monday, July 4, 1988',
  '12/25/99',
  '2001.09.11',
  'the 1st of January 2000',
);
console.log('\n== the alignment of one translation, and a 3-best list ==');
cli('translate', '--model', model, '--attention', 'May 3, 2021');
cli('translate', '--model', model, '--beam', '5', '--n-best', '3', '7 Aug 2012');
