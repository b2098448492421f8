// Field rules shared by the section validators: each checks one value and says what is allowed.
import { OptionError, type OptionSection } from './errors';

export interface FieldRule {
  /** The allowed range, in words, for the error message. */
  readonly allowed: string;
  check(value: unknown): boolean;
}

export function int(min: number, max: number): FieldRule {
  return {
    allowed: `an integer from ${min} to ${max}`,
    check: (v) => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max,
  };
}

/** A finite number in [min, max], or (min, max] when `exclusiveMin`. */
export function num(min: number, max: number, exclusiveMin = false): FieldRule {
  const allowed = exclusiveMin ? `a number > ${min} and <= ${max}` : `a number from ${min} to ${max}`;
  return {
    allowed,
    check: (v) => typeof v === 'number' && Number.isFinite(v) && (exclusiveMin ? v > min : v >= min) && v <= max,
  };
}

/** [min, max): for probabilities such as dropout, where 1 would drop everything. */
export function fraction(min: number, maxExclusive: number): FieldRule {
  return {
    allowed: `a number >= ${min} and < ${maxExclusive}`,
    check: (v) => typeof v === 'number' && Number.isFinite(v) && v >= min && v < maxExclusive,
  };
}

export function oneOf(choices: readonly string[]): FieldRule {
  return { allowed: `one of ${choices.join(', ')}`, check: (v) => typeof v === 'string' && choices.includes(v) };
}

export const bool: FieldRule = { allowed: 'true or false', check: (v) => typeof v === 'boolean' };

export type Rules<T> = { readonly [K in keyof T]-?: FieldRule };

/**
 * Checks every given field of `value` against `rules`; unknown keys are errors too, because a
 * misspelt option silently falling back to its default is how runs go wrong unnoticed.
 * With `complete`, every rule's key must be present.
 */
export function checkFields<T>(section: OptionSection, rules: Rules<T>, value: unknown, complete: boolean): T {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw OptionError.outOfRange(section, section, value, 'an object');
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!Object.hasOwn(rules, key)) throw OptionError.unknown(section, key, Object.keys(rules));
  }
  for (const [key, rule] of Object.entries(rules) as [string, FieldRule][]) {
    const present = record[key] !== undefined;
    if (!present && !complete) continue;
    if (!rule.check(record[key])) throw OptionError.outOfRange(section, key, record[key], rule.allowed);
  }
  return value as T;
}
