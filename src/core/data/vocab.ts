// Token <-> id mapping. Specials take ids 0..3 so padding masks and decoding can rely on them.
export const PAD = '<pad>';
export const BOS = '<s>';
export const EOS = '</s>';
export const UNK = '<unk>';

const SPECIALS = [PAD, BOS, EOS, UNK] as const;
/** Ids below this are the special tokens. */
export const SPECIAL_TOKEN_COUNT = SPECIALS.length;

export interface VocabOptions {
  /** Tokens seen fewer times are left out and map to UNK (default 1). */
  minFreq?: number;
  /** Upper bound on the vocabulary size, specials included. */
  maxSize?: number;
}

export class Vocab {
  readonly padId = 0 as const;
  readonly bosId = 1 as const;
  readonly eosId = 2 as const;
  readonly unkId = 3 as const;
  private readonly ids: Map<string, number>;

  private constructor(private readonly itos: readonly string[]) {
    this.ids = new Map(itos.map((token, id) => [token, id]));
  }

  /** Most frequent first, ties by code-unit order, so the same data always gives the same ids. */
  static build(sequences: Iterable<string[]>, options: VocabOptions = {}): Vocab {
    const minFreq = options.minFreq ?? 1;
    const maxSize = options.maxSize ?? Infinity;
    if (maxSize < SPECIALS.length)
      throw new Error(`Vocab maxSize must be at least ${SPECIALS.length} (the special tokens)`);
    const counts = countTokens(sequences);
    const ranked = [...counts]
      .filter(([, count]) => count >= minFreq)
      .sort(([a, ca], [b, cb]) => cb - ca || (a < b ? -1 : a > b ? 1 : 0))
      .map(([token]) => token);
    return new Vocab([...SPECIALS, ...ranked.slice(0, maxSize - SPECIALS.length)]);
  }

  static fromJSON(json: unknown): Vocab {
    if (!Array.isArray(json)) throw new Error('Invalid vocab JSON: expected an array of token strings');
    json.forEach((token, id) => {
      if (typeof token !== 'string') throw new Error(`Invalid vocab JSON: entry ${id} is not a string`);
    });
    SPECIALS.forEach((special, id) => {
      if (json[id] !== special) {
        throw new Error(
          `Invalid vocab JSON: id ${id} must be ${JSON.stringify(special)}, got ${JSON.stringify(json[id])}`,
        );
      }
    });
    const seen = new Set<string>();
    for (const token of json as string[]) {
      if (seen.has(token)) throw new Error(`Invalid vocab JSON: duplicate token ${JSON.stringify(token)}`);
      seen.add(token);
    }
    return new Vocab(json as string[]);
  }

  get size(): number {
    return this.itos.length;
  }

  id(token: string): number {
    return this.ids.get(token) ?? this.unkId;
  }

  token(id: number): string {
    const token = this.itos[id];
    if (token === undefined) throw new RangeError(`Token id ${id} is outside the vocabulary (size ${this.size})`);
    return token;
  }

  encode(tokens: string[]): number[] {
    return tokens.map((t) => this.id(t));
  }

  decode(ids: number[]): string[] {
    return ids.map((id) => this.token(id));
  }

  toJSON(): string[] {
    return [...this.itos];
  }
}

// Specials already have fixed ids; counting them would add them a second time.
function countTokens(sequences: Iterable<string[]>): Map<string, number> {
  const specials = new Set<string>(SPECIALS);
  const counts = new Map<string, number>();
  for (const sequence of sequences) {
    for (const token of sequence) {
      if (!specials.has(token)) counts.set(token, (counts.get(token) ?? 0) + 1);
    }
  }
  return counts;
}
