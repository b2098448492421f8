// CMUdict from npm cmu-pronouncing-dictionary@3.0.0 and the deterministic hash split of
// shared/benchmarks.md (same recipe as its make_hash_split.mjs):
//  1) strip inline "# comment"; 2) drop the "(n)" variant suffix and group variants per word;
//  3) keep words matching ^[a-z']+$; 4) strip stress digits (39 phonemes), de-duplicate variants;
//  5) u = first 4 bytes of SHA-256(utf8(word)) as big-endian uint32 / 2^32: test if u < 0.10,
//     dev if u < 0.12, else train -> 109,882 / 2,560 / 12,478 words.
// The split function is the project's own unitHash (src/core/data/split.ts), the same one train()
// splits with, so passing train+dev words with validFraction 0.02 / testFraction 0.10 reproduces it.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { unitHash } from '../../src/core/data/split';

export const CMUDICT_PACKAGE = 'cmu-pronouncing-dictionary';
export const CMUDICT_VERSION = '3.0.0';
export const EXPECTED_WORDS = { train: 109882, dev: 2560, test: 12478 };

/** A word and its pronunciations (each a list of phonemes). */
export interface Entry {
  word: string;
  variants: string[][];
}
export interface CmuSplit {
  train: Entry[];
  dev: Entry[];
  test: Entry[];
  words: number;
  version: string;
}

/**
 * The pinned npm package: from the project's node_modules (a devDependency), else from
 * $SEQ2SEQ_CMUDICT_DIR or ~/.cache/seq2seq-studio/cmudict (a folder where
 * `npm install --prefix <dir> cmu-pronouncing-dictionary@3.0.0` was run), so that a long run does
 * not depend on a shared node_modules that someone else may prune.
 */
export async function loadCmudict(): Promise<{ dictionary: Record<string, string>; version: string; from: string }> {
  const dirs = [process.env.SEQ2SEQ_CMUDICT_DIR, path.join(os.homedir(), '.cache', 'seq2seq-studio', 'cmudict')].filter(
    Boolean,
  ) as string[];
  const candidates = [CMUDICT_PACKAGE, ...dirs.map((d) => path.join(d, 'node_modules', CMUDICT_PACKAGE))];
  const errors: string[] = [];
  for (const c of candidates) {
    try {
      const pkg = require.resolve(`${c}/package.json`);
      const mod = (await import(pathToFileURL(path.join(path.dirname(pkg), 'index.js')).href)) as {
        dictionary: Record<string, string>;
      };
      const version = (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { version: string }).version;
      return { dictionary: mod.dictionary, version, from: path.dirname(pkg) };
    } catch (e) {
      errors.push(`${c}: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  throw new Error(
    `npm package ${CMUDICT_PACKAGE}@${CMUDICT_VERSION} not found ` +
      `(npm install --no-save ${CMUDICT_PACKAGE}@${CMUDICT_VERSION}): ${errors.join('; ')}`,
  );
}

export function splitCmudict(dictionary: Record<string, string>, version: string): CmuSplit {
  const words = new Map<string, string[][]>();
  for (const [key, value] of Object.entries(dictionary)) {
    const w = key.replace(/\(\d+\)$/, '');
    if (!/^[a-z']+$/.test(w)) continue;
    const phones = value.split('#')[0].trim().replace(/[012]/g, '').split(/\s+/);
    const variants = words.get(w) ?? [];
    if (!variants.some((v) => v.join(' ') === phones.join(' '))) variants.push(phones);
    words.set(w, variants);
  }
  const out: CmuSplit = { train: [], dev: [], test: [], words: words.size, version };
  for (const word of [...words.keys()].sort()) {
    const u = unitHash(word);
    out[u < 0.1 ? 'test' : u < 0.12 ? 'dev' : 'train'].push({ word, variants: words.get(word)! });
  }
  return out;
}
