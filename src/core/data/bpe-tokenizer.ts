// Byte-pair encoding (Sennrich et al. 2016) over word-tokenizer pieces. Word starts carry the
// boundary marker, so merges like "▁t" + "he" learn word-initial subwords.
import type { TokenSpan, Tokenizer } from './tokenizer-contract';
import { WORD_BOUNDARY, joinPieces, splitPieces } from './word-tokenizer';

export type Merge = [string, string];

/** A subword plus how many UTF-16 units of the input it covers (the marker covers none). */
interface Subword {
  text: string;
  width: number;
}

// Safe as a pair separator because pieces never contain whitespace.
const pairKey = (left: string, right: string): string => `${left} ${right}`;

const CACHE_LIMIT = 50_000;

export class BpeTokenizer implements Tokenizer {
  readonly kind = 'bpe' as const;
  private readonly ranks = new Map<string, number>();
  // Real text repeats the same words constantly; caching their segmentation keeps encoding fast.
  private readonly cache = new Map<string, Subword[]>();

  constructor(
    readonly merges: readonly Merge[],
    readonly lowercase = false,
  ) {
    merges.forEach(([left, right], rank) => this.ranks.set(pairKey(left, right), rank));
  }

  tokenize(text: string): TokenSpan[] {
    const spans: TokenSpan[] = [];
    for (const piece of splitPieces(text)) {
      let start = piece.start;
      for (const symbol of this.segment(piece.text)) {
        spans.push({ text: symbol.text, start, end: start + symbol.width });
        start += symbol.width;
      }
    }
    return spans;
  }

  detokenize(tokens: string[]): string {
    return joinPieces(tokens);
  }

  toJSON(): { kind: 'bpe'; merges: Merge[]; lowercase: boolean } {
    return { kind: 'bpe', merges: this.merges.map(([l, r]) => [l, r]), lowercase: this.lowercase };
  }

  private segment(piece: string): Subword[] {
    const cached = this.cache.get(piece);
    if (cached) return cached;
    let symbols = initialSymbols(piece, this.lowercase);
    for (;;) {
      const best = this.lowestRankPair(symbols);
      if (!best) break;
      symbols = mergePair(symbols, best[0], best[1]);
    }
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(piece, symbols);
    return symbols;
  }

  private lowestRankPair(symbols: Subword[]): Merge | undefined {
    let best: Merge | undefined;
    let bestRank = Infinity;
    for (let i = 0; i + 1 < symbols.length; i++) {
      const rank = this.ranks.get(pairKey(symbols[i].text, symbols[i + 1].text));
      if (rank !== undefined && rank < bestRank) {
        bestRank = rank;
        best = [symbols[i].text, symbols[i + 1].text];
      }
    }
    return best;
  }
}

export function learnBpe(
  texts: Iterable<string>,
  options: { merges?: number; lowercase?: boolean } = {},
): BpeTokenizer {
  const lowercase = options.lowercase ?? false;
  const words = countWords(texts, lowercase);
  return new BpeTokenizer(learnMerges(words, options.merges ?? 2000), lowercase);
}

/**
 * One symbol per code point, the boundary marker fused to the first one (as Sennrich fuses </w>
 * to the last), so every subword covers at least one input character. Lowercasing is per code
 * point so each symbol still maps to its input character even when the length changes ('İ').
 */
function initialSymbols(piece: string, lowercase: boolean): Subword[] {
  const marker = piece.startsWith(WORD_BOUNDARY) ? WORD_BOUNDARY : '';
  const symbols = Array.from(piece.slice(marker.length), (ch) => ({
    text: lowercase ? ch.toLowerCase() : ch,
    width: ch.length,
  }));
  if (symbols.length > 0) symbols[0].text = marker + symbols[0].text;
  return symbols;
}

function mergePair(symbols: Subword[], left: string, right: string): Subword[] {
  const out: Subword[] = [];
  for (let i = 0; i < symbols.length; i++) {
    const next = symbols[i + 1];
    if (next && symbols[i].text === left && next.text === right) {
      out.push({ text: left + right, width: symbols[i].width + next.width });
      i++;
    } else {
      out.push(symbols[i]);
    }
  }
  return out;
}

interface Word {
  symbols: Subword[];
  freq: number;
}

function countWords(texts: Iterable<string>, lowercase: boolean): Word[] {
  const words = new Map<string, Word>();
  for (const text of texts) {
    for (const piece of splitPieces(text)) {
      const symbols = initialSymbols(piece.text, lowercase);
      const key = symbols.map((s) => s.text).join(' ');
      const word = words.get(key);
      if (word) word.freq++;
      else words.set(key, { symbols, freq: 1 });
    }
  }
  return [...words.values()];
}

/**
 * Pair counts are updated only for the words a merge touches, rather than re-counted over the whole
 * vocabulary after each merge. Choosing the next merge still scans every distinct pair, so learning
 * costs O(merges x distinct pairs); a priority queue would remove that scan if it ever shows up in a
 * profile.
 */
function learnMerges(words: Word[], maxMerges: number): Merge[] {
  const stats = new PairStats();
  words.forEach((word, index) => stats.add(word, index));
  const merges: Merge[] = [];
  while (merges.length < maxMerges) {
    const best = stats.mostFrequent();
    // A pair seen once is memorisation, not a reusable subword.
    if (!best || best.count < 2) break;
    merges.push(best.pair);
    for (const index of stats.wordsWith(best.key)) {
      const word = words[index];
      stats.remove(word);
      word.symbols = mergePair(word.symbols, best.pair[0], best.pair[1]);
      stats.add(word, index);
    }
  }
  return merges;
}

class PairStats {
  private readonly counts = new Map<string, { pair: Merge; count: number }>();
  // May hold stale word indices after merges; merging a word without the pair is a no-op.
  private readonly where = new Map<string, Set<number>>();

  add(word: Word, index: number): void {
    this.forEachPair(word, (key, pair) => {
      const entry = this.counts.get(key);
      if (entry) entry.count += word.freq;
      else this.counts.set(key, { pair, count: word.freq });
      const indices = this.where.get(key);
      if (indices) indices.add(index);
      else this.where.set(key, new Set([index]));
    });
  }

  remove(word: Word): void {
    this.forEachPair(word, (key) => {
      const entry = this.counts.get(key);
      if (!entry) return;
      entry.count -= word.freq;
      if (entry.count <= 0) this.counts.delete(key);
    });
  }

  /** Highest count; ties go to the lexicographically smallest "left right" key, for determinism. */
  mostFrequent(): { key: string; pair: Merge; count: number } | undefined {
    let best: { key: string; pair: Merge; count: number } | undefined;
    for (const [key, { pair, count }] of this.counts) {
      if (!best || count > best.count || (count === best.count && key < best.key)) best = { key, pair, count };
    }
    return best;
  }

  wordsWith(key: string): number[] {
    return [...(this.where.get(key) ?? [])];
  }

  private forEachPair(word: Word, visit: (key: string, pair: Merge) => void): void {
    for (let i = 0; i + 1 < word.symbols.length; i++) {
      const pair: Merge = [word.symbols[i].text, word.symbols[i + 1].text];
      visit(pairKey(pair[0], pair[1]), pair);
    }
  }
}
