// The webview is a separate trust domain: whatever it posts, parseWebviewMessage must not throw (its
// documented contract: malformed means undefined), and what it accepts must be a well-formed message
// that shares nothing with the input. Seeded fuzzing: random values and mutations of valid messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { parseWebviewMessage, type WebviewMessage } from '../../src/shared/attention-messages';
import { makeRng, randomInt, type Rng } from '../../src/core/util/random';

const DOM = {
  picture: 'lines' as const,
  rows: 2,
  cols: 1,
  rowLabels: ['a', 'b'],
  colLabels: ['x'],
  rowTexts: ['a', 'b'],
  colTexts: ['x'],
  cellWeights: [[1], [1]],
  injected: { img: 0, script: 0 },
  csp: "default-src 'none'",
};
const VALID: WebviewMessage[] = [
  { type: 'ready' },
  { type: 'rendered', state: { item: 0, alternative: 1, version: 3, chosen: [1, 0] }, dom: DOM },
  { type: 'hover', selection: { item: 1, alternative: 0 }, row: 2, col: null },
  { type: 'reveal', selection: { item: 0, alternative: 0 } },
  { type: 'command', command: 'train' },
  { type: 'export', format: 'pharaoh' },
  { type: 'rasterized', id: 4, base64: 'iVBORw0KGgo=', error: 'x' },
  { type: 'rasterized', id: 5, base64: null },
];
/** Every field name a message has, so mutations hit the ones the parser reads. */
const KEYS = [
  ...new Set(VALID.flatMap((m) => [...Object.keys(m), ...Object.keys(Object.values(m).find(isObject) ?? {})])),
].concat(Object.keys(DOM), ['img', 'script', '__proto__', 'constructor', 'toString', 'length']);
const ATOMS: unknown[] = [
  null,
  undefined,
  true,
  false,
  0,
  -0,
  1,
  -1,
  0.5,
  1e7,
  2 ** 53,
  NaN,
  Infinity,
  -Infinity,
  '',
  '0',
  'ready',
  'rendered',
  'train',
  'svg',
  'a/b+c=',
  'not base64!',
  '<script>',
  '__proto__',
  10n,
  new Date(0),
  /x/,
  new Map(),
  new Uint8Array(2),
];

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function randomValue(rng: Rng, depth: number): unknown {
  const kind = randomInt(rng, depth > 3 ? 1 : 4);
  if (kind === 0) return ATOMS[randomInt(rng, ATOMS.length)];
  if (kind === 1) return Array.from({ length: randomInt(rng, 4) }, () => randomValue(rng, depth + 1));
  if (kind === 2) {
    const sparse: unknown[] = [];
    sparse[randomInt(rng, 4) + 1] = randomValue(rng, depth + 1);
    return sparse;
  }
  const object: Record<string, unknown> = rng() < 0.2 ? Object.create(null) : {};
  for (let i = randomInt(rng, 4); i > 0; i--)
    setOwn(object, KEYS[randomInt(rng, KEYS.length)], randomValue(rng, depth + 1));
  return object;
}

/** Defines the key as an own property, even '__proto__' (as JSON.parse and structured clone do). */
function setOwn(object: object, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A copy of `value` with one change somewhere: a field replaced, deleted, added, or a child mutated. */
function mutate(value: unknown, rng: Rng, depth = 0): unknown {
  if (!isObject(value) || depth > 4) return randomValue(rng, depth);
  const copy = (Array.isArray(value) ? [...value] : { ...value }) as Record<string, unknown>;
  const keys = Object.keys(copy);
  const key = keys.length && rng() < 0.7 ? keys[randomInt(rng, keys.length)] : KEYS[randomInt(rng, KEYS.length)];
  const action = randomInt(rng, 3);
  if (action === 0) delete copy[key];
  else setOwn(copy, key, action === 1 ? randomValue(rng, depth + 1) : mutate(copy[key], rng, depth + 1));
  return copy;
}

/** Every object and array reachable from `value`. */
function objectsIn(value: unknown, found = new Set<object>()): Set<object> {
  if (isObject(value) && !found.has(value)) {
    found.add(value);
    for (const child of Object.values(value)) objectsIn(child, found);
  }
  return found;
}

function check(input: unknown, testHooks: boolean): WebviewMessage | undefined {
  let parsed: WebviewMessage | undefined;
  try {
    parsed = parseWebviewMessage(input, { testHooks });
  } catch (e) {
    assert.fail(`threw ${String(e)} on ${inspect(input)}`);
  }
  if (parsed === undefined) return undefined;
  // Well formed: parsing it again (after the structured clone postMessage does) gives the same message.
  assert.deepEqual(parseWebviewMessage(structuredClone(parsed), { testHooks }), parsed);
  const inputObjects = objectsIn(input);
  for (const o of objectsIn(parsed))
    assert.ok(!inputObjects.has(o), 'the parsed message shares an object with the input');
  return parsed;
}

test('every valid message is accepted as it is; the DOM read-back only in test mode', () => {
  for (const m of VALID) assert.deepEqual(check(structuredClone(m), true), m);
  const withoutDom = check(structuredClone(VALID[1]), false);
  assert.deepEqual(withoutDom, { type: 'rendered', state: { item: 0, alternative: 1, version: 3, chosen: [1, 0] } });
});

test('20,000 random values and mutated messages: no exception, and only well-formed messages accepted', () => {
  const rng = makeRng(20261201);
  let accepted = 0;
  for (let i = 0; i < 20_000; i++) {
    const input = i % 4 === 0 ? randomValue(rng, 0) : mutate(VALID[randomInt(rng, VALID.length)], rng);
    if (check(input, i % 2 === 0)) accepted++;
  }
  // The mutations must also reach the accepting paths (a change to a field the parser ignores, say).
  assert.ok(accepted > 1000, `only ${accepted} inputs accepted`);
});

test('rejects what the mutations may miss: sparse arrays, out-of-range indices, bad base64, unknown types', () => {
  const state = { item: 0, alternative: 0, version: 1, chosen: [0] };
  const rejected: unknown[] = [
    { type: 'rendered', state: { ...state, chosen: [, 0] } }, // eslint-disable-line no-sparse-arrays
    { type: 'rendered', state: { ...state, version: -1 } },
    { type: 'rendered', state, dom: { ...DOM, cellWeights: [[1], 'x'] } },
    { type: 'hover', selection: { item: 1e7, alternative: 0 }, row: 0, col: 0 },
    { type: 'hover', selection: { item: 0, alternative: 0.5 }, row: 0, col: 0 },
    { type: 'rasterized', id: 1, base64: '<svg>' },
    { type: 'command', command: 'toString' },
    { type: 'drive', action: { kind: 'hoverRow', row: 0 } },
  ];
  for (const m of rejected) assert.equal(check(m, true), undefined, JSON.stringify(m));
});
