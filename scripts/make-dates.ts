// Writes examples/dates/dates.tsv: 20000 header-less `source<TAB>target` date pairs, seed 1.
// Usage: npx tsx scripts/make-dates.ts
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { generateDatePairs } from '../src/core/data/dates';

const COUNT = 20_000;
const SEED = 1;

const out = path.join(__dirname, '..', 'examples', 'dates', 'dates.tsv');
const lines = generateDatePairs(COUNT, SEED).map((p) => `${p.source}\t${p.target}\n`);
writeFileSync(out, lines.join(''));
console.log(`wrote ${lines.length} pairs to ${path.relative(process.cwd(), out)}`);
