#!/usr/bin/env node
// Fails on a module cycle in src/, test/ or bench/ (madge; type-only imports count, since they tie the
// layers together just the same). KNOWN holds the cycles main already has that belong to work in
// progress elsewhere: each must still exist (delete its line once fixed), and any other cycle fails.
import madge from 'madge';

const KNOWN = new Set([]);

const graph = await madge(['src', 'test', 'bench'], { fileExtensions: ['ts'] });
const cycles = graph.circular().map((files) => files.join(' > '));
const unknown = cycles.filter((c) => !KNOWN.has(c));
const gone = [...KNOWN].filter((c) => !cycles.includes(c));
for (const c of unknown) console.error(`module cycle: ${c}`);
for (const c of gone) console.error(`scripts/check-cycles.mjs lists a cycle that no longer exists; delete it: ${c}`);
console.log(`${cycles.length} module cycle(s), ${cycles.length - unknown.length} of them known`);
process.exit(unknown.length || gone.length ? 1 : 0);
