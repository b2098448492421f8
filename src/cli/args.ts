// Command-line parsing on node:util's parseArgs; what each option accepts is in options.ts.
import type { ParseArgsConfig } from 'node:util';
import { parseArgs } from 'node:util';

export class UsageError extends Error {}

export type Options = NonNullable<ParseArgsConfig['options']>;

export function parse<T extends Options>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true as const });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}
