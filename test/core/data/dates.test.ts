import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateDatePairs } from '../../../src/core/data/dates';

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

const monthNumber = (name: string) => {
  const index = MONTHS.findIndex((m) => m === name.toLowerCase() || m.slice(0, 3) === name.toLowerCase());
  assert.ok(index >= 0, `unknown month ${name}`);
  return index + 1;
};
const fullYear = (yy: string) => (Number(yy) >= 50 ? 1900 : 2000) + Number(yy);

interface Parsed {
  year: number;
  month: number;
  day: number;
  weekday?: string;
}

const M = '([A-Za-z]+)';
const WD = '([A-Za-z]+)';
// An independent reader for each format the generator promises (see dates.ts header).
const FORMATS: [string, RegExp, (m: string[]) => Parsed][] = [
  [
    '3 May 2021',
    new RegExp(`^(\\d{1,2}) ${M} (\\d{4})$`),
    ([, d, mo, y]) => ({ year: +y, month: monthNumber(mo), day: +d }),
  ],
  [
    'May 3, 2021',
    new RegExp(`^${M} (\\d{1,2}), (\\d{4})$`),
    ([, mo, d, y]) => ({ year: +y, month: monthNumber(mo), day: +d }),
  ],
  ['05/03/2021', /^(\d\d)\/(\d\d)\/(\d{4})$/, ([, mo, d, y]) => ({ year: +y, month: +mo, day: +d })],
  ['5/3/21', /^(\d{1,2})\/(\d{1,2})\/(\d\d)$/, ([, mo, d, y]) => ({ year: fullYear(y), month: +mo, day: +d })],
  ['2021.05.03', /^(\d{4})\.(\d\d)\.(\d\d)$/, ([, y, mo, d]) => ({ year: +y, month: +mo, day: +d })],
  ['20210503', /^(\d{4})(\d\d)(\d\d)$/, ([, y, mo, d]) => ({ year: +y, month: +mo, day: +d })],
  [
    'Monday, May 3, 2021',
    new RegExp(`^${WD}, ${M} (\\d{1,2}), (\\d{4})$`),
    ([, w, mo, d, y]) => ({ year: +y, month: monthNumber(mo), day: +d, weekday: w }),
  ],
  [
    'Mon 3 May 2021',
    new RegExp(`^${WD} (\\d{1,2}) ${M} (\\d{4})$`),
    ([, w, d, mo, y]) => ({ year: +y, month: monthNumber(mo), day: +d, weekday: w }),
  ],
  [
    'Mon, 03 May 2021',
    new RegExp(`^${WD}, (\\d\\d) ${M} (\\d{4})$`),
    ([, w, d, mo, y]) => ({ year: +y, month: monthNumber(mo), day: +d, weekday: w }),
  ],
  [
    '3rd of May 2021',
    new RegExp(`^(\\d{1,2})(st|nd|rd|th) of ${M} (\\d{4})$`),
    ([, d, sfx, mo, y]) => ({ ...ordinalChecked(d, sfx), year: +y, month: monthNumber(mo) }),
  ],
  [
    'May 3rd, 2021',
    new RegExp(`^${M} (\\d{1,2})(st|nd|rd|th), (\\d{4})$`),
    ([, mo, d, sfx, y]) => ({ ...ordinalChecked(d, sfx), year: +y, month: monthNumber(mo) }),
  ],
  [
    'may 3 21',
    /^([a-z]+) (\d{1,2}) (\d\d)$/,
    ([, mo, d, y]) => ({ year: fullYear(y), month: monthNumber(mo), day: +d }),
  ],
  ['MAY 03 2021', /^([A-Z]+) (\d\d) (\d{4})$/, ([, mo, d, y]) => ({ year: +y, month: monthNumber(mo), day: +d })],
  [
    '03-May-2021',
    new RegExp(`^(\\d\\d)-${M}-(\\d{4})$`),
    ([, d, mo, y]) => ({ year: +y, month: monthNumber(mo), day: +d }),
  ],
];

function ordinalChecked(day: string, suffix: string): { day: number } {
  const n = Number(day);
  const expected =
    n % 100 >= 11 && n % 100 <= 13 ? 'th' : (({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th');
  assert.equal(suffix, expected, `ordinal ${day}${suffix}`);
  return { day: n };
}

test('same seed gives the same pairs, another seed different ones', () => {
  assert.deepEqual(generateDatePairs(300, 42), generateDatePairs(300, 42));
  assert.notDeepEqual(generateDatePairs(300, 42), generateDatePairs(300, 43));
  assert.deepEqual(generateDatePairs(100, 42), generateDatePairs(300, 42).slice(0, 100));
});

test('every source parses back to its target date, and every format appears', () => {
  const pairs = generateDatePairs(3000, 1);
  const seen = new Set<string>();
  for (const { source, target } of pairs) {
    assert.ok(source.length <= 40, source);
    const matches = FORMATS.filter(([, pattern]) => pattern.test(source));
    assert.equal(matches.length, 1, `"${source}" should match exactly one format`);
    const [name, pattern, read] = matches[0];
    const parsed = read(pattern.exec(source) as string[]);
    const date = new Date(Date.UTC(parsed.year, parsed.month - 1, parsed.day));
    assert.equal(date.getUTCDate(), parsed.day, `${source} is not a real day`);
    assert.ok(parsed.year >= 1950 && parsed.year <= 2049, source);
    if (parsed.weekday)
      assert.ok(WEEKDAYS[date.getUTCDay()].startsWith(parsed.weekday.toLowerCase()), `wrong weekday in ${source}`);
    assert.match(target, /^\d{4}-\d\d-\d\d$/);
    assert.equal(date.toISOString().slice(0, 10), target, source);
    seen.add(name);
  }
  assert.deepEqual([...seen].sort(), FORMATS.map(([name]) => name).sort());
});

test('dates cover the whole 1950-2049 range', () => {
  const years = generateDatePairs(3000, 9).map((p) => Number(p.target.slice(0, 4)));
  assert.ok(Math.min(...years) <= 1953 && Math.max(...years) >= 2046);
});
