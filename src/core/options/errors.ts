// The one error type option validation throws. It keeps the section, the key, the value and the
// allowed range apart, so each entry point can name the option its own way (--batch-size on the
// command line, batchSize in a worker request or a manifest) in a one-line message.
export type OptionSection = 'architecture' | 'data' | 'training' | 'decoding';

/** How an entry point spells an option key (the CLI: batchSize -> --batch-size). */
export type OptionNamer = (key: string) => string;

const asIs: OptionNamer = (key) => key;

export class OptionError extends Error {
  constructor(
    readonly section: OptionSection,
    readonly key: string,
    readonly value: unknown,
    private readonly explain: (name: OptionNamer) => string,
  ) {
    super(explain(asIs));
    this.name = 'OptionError';
  }

  /** The same message with the options spelled as the caller knows them. */
  describe(name: OptionNamer): string {
    return this.explain(name);
  }

  static outOfRange(section: OptionSection, key: string, value: unknown, allowed: string): OptionError {
    return new OptionError(section, key, value, (name) => `${name(key)} must be ${allowed}, got ${show(value)}`);
  }

  static unknown(section: OptionSection, key: string, known: string[]): OptionError {
    return new OptionError(
      section,
      key,
      undefined,
      (name) => `${name(key)} is not a ${section} option (known: ${known.map(name).join(', ')})`,
    );
  }
}

function show(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
