// Synthetic date-normalisation pairs ("Monday, May 3, 2021" -> "2021-05-03"): the classic first
// seq2seq task, small enough to train in minutes and easy to check by eye.
//
// Conventions, chosen so every source has exactly one reading:
// - Slashed numeric dates are US month-first only (5/3/2021 is May 3); day-first never appears.
// - Two-digit years mean 1950-2049: 50-99 -> 19xx, 00-49 -> 20xx, matching the generated range.
import { randomInt, makeRng } from '../util/random';

export interface DatePair {
  source: string;
  target: string;
}

interface DateParts {
  year: number;
  month: number; // 1-12
  day: number;
  weekday: number; // 0 = Sunday, as Date.getUTCDay
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const FIRST_DAY = Date.UTC(1950, 0, 1);
const DAY_COUNT = (Date.UTC(2049, 11, 31) - FIRST_DAY) / 86_400_000 + 1;

const pad2 = (n: number): string => String(n).padStart(2, '0');
const short = (name: string): string => name.slice(0, 3);
const month = (d: DateParts): string => MONTHS[d.month - 1];
const weekday = (d: DateParts): string => WEEKDAYS[d.weekday];
const yy = (d: DateParts): string => pad2(d.year % 100);

function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

// Examples are for Monday 3 May 2021.
const FORMATS: ((d: DateParts) => string)[] = [
  (d) => `${d.day} ${month(d)} ${d.year}`, // 3 May 2021
  (d) => `${month(d)} ${d.day}, ${d.year}`, // May 3, 2021
  (d) => `${pad2(d.month)}/${pad2(d.day)}/${d.year}`, // 05/03/2021
  (d) => `${d.month}/${d.day}/${yy(d)}`, // 5/3/21
  (d) => `${d.year}.${pad2(d.month)}.${pad2(d.day)}`, // 2021.05.03
  (d) => `${d.year}${pad2(d.month)}${pad2(d.day)}`, // 20210503
  (d) => `${weekday(d)}, ${month(d)} ${d.day}, ${d.year}`, // Monday, May 3, 2021
  (d) => `${short(weekday(d))} ${d.day} ${month(d)} ${d.year}`, // Mon 3 May 2021
  (d) => `${short(weekday(d))}, ${pad2(d.day)} ${short(month(d))} ${d.year}`, // Mon, 03 May 2021
  (d) => `${ordinal(d.day)} of ${month(d)} ${d.year}`, // 3rd of May 2021
  (d) => `${short(month(d))} ${ordinal(d.day)}, ${d.year}`, // May 3rd, 2021
  (d) => `${month(d).toLowerCase()} ${d.day} ${yy(d)}`, // may 3 21
  (d) => `${month(d).toUpperCase()} ${pad2(d.day)} ${d.year}`, // MAY 03 2021
  (d) => `${pad2(d.day)}-${short(month(d))}-${d.year}`, // 03-May-2021
];

/** Uniform over days 1950-01-01..2049-12-31 and over formats; the same seed gives the same pairs. */
export function generateDatePairs(count: number, seed: number): DatePair[] {
  const rng = makeRng(seed);
  return Array.from({ length: count }, () => {
    const date = new Date(FIRST_DAY + randomInt(rng, DAY_COUNT) * 86_400_000);
    const parts = {
      year: date.getUTCFullYear(),
      month: date.getUTCMonth() + 1,
      day: date.getUTCDate(),
      weekday: date.getUTCDay(),
    };
    const format = FORMATS[randomInt(rng, FORMATS.length)];
    return { source: format(parts), target: date.toISOString().slice(0, 10) };
  });
}
