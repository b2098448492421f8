// Lint: typescript-eslint's recommended rules, three type-aware rules, and the layering of src/.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// What each layer of src/ may import; everything else is an error. A layer always imports itself.
//   core       pure ML (tfjs, data, model, training, store); the bottom layer
//   shared     pure code the host and the webview both run: no Node, no DOM (src/shared/tsconfig.json)
//   webview    the attention panel's page: DOM only (src/webview/tsconfig.json)
//   extension  the VS Code host: never TensorFlow.js (it lives in the worker), never the webview's code
//   worker     owns TensorFlow.js for the extension
//   cli        the command line
const LAYERS = ['core', 'shared', 'webview', 'extension', 'worker', 'cli'];
const ALLOWED = {
  core: [],
  shared: ['core (types only, and the WORD_BOUNDARY constant)'],
  webview: ['shared', 'core (types only)'],
  extension: ['shared', 'core', 'worker (its protocol only)'],
  worker: ['core'],
  cli: ['core'],
};

const layer = (name) => `(^|/)${name}(/|$)`;
const NODE_BUILTINS = `^(node:.*|${builtinModules.filter((m) => !m.startsWith('_')).join('|')})(/.*)?$`;

/** no-restricted-imports patterns for the layers `from` may not import. */
function layerPatterns(from) {
  const allowed = ALLOWED[from].map((a) => a.split(' ')[0]);
  const message = `src/${from} may import only ${[from, ...ALLOWED[from]].join(', ')} (see eslint.config.mjs).`;
  const patterns = LAYERS.filter((l) => l !== from && !allowed.includes(l)).map((l) => ({ regex: layer(l), message }));
  if (from === 'shared' || from === 'webview') {
    // shared's exception is the one value the token labels need; that module imports nothing but types.
    const except = from === 'shared' ? '(?!data/word-tokenizer$)' : '';
    patterns.push({ regex: `${layer('core')}${except}`, allowTypeImports: true, message });
    patterns.push({ regex: NODE_BUILTINS, message: `src/${from} runs in the webview too: no Node modules.` });
  }
  if (from === 'extension') {
    patterns.push({ regex: `${layer('worker')}(?!protocol$)`, allowTypeImports: true, message });
    patterns.push({
      regex: '^@tensorflow/',
      message: 'TensorFlow.js runs in the worker, never on the extension host.',
    });
  }
  if (from !== 'extension') patterns.push({ regex: '^vscode$', message: `src/${from} must not depend on VS Code.` });
  return patterns;
}

const layerConfigs = LAYERS.map((l) => ({
  files: [`src/${l}/**/*.ts`],
  rules: { 'no-restricted-imports': ['error', { patterns: layerPatterns(l) }] },
}));

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'out/**', 'test-results/**', '.seq2seq/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: globals.node },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  // Prettier wraps code at 120 columns but never breaks strings, template literals, regexes or comments:
  // those are split by hand, and this keeps them so (URLs excepted).
  {
    files: ['src/**', 'test/**', 'bench/**', 'scripts/**'],
    rules: { 'max-len': ['error', { code: 120, ignoreUrls: true }] },
  },
  // The webview's page (and its tests, which run in Node) see the browser's globals instead.
  { files: ['src/webview/**/*.ts'], languageOptions: { globals: globals.browser } },
  { files: ['test/webview/**/*.ts'], languageOptions: { globals: { ...globals.node, ...globals.browser } } },
  // Code both sides run: neither side's globals.
  { files: ['src/shared/**/*.ts'], languageOptions: { globals: globals.es2022 } },
  // Browser code that test/vscode evaluates inside the page through Playwright.
  { files: ['test/vscode/**/*.mjs'], languageOptions: { globals: { ...globals.node, ...globals.browser } } },
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // node:test's test() and describe() return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      // A value import of a module pulls it into the bundle; the host bundle must never pull tfjs in that way.
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  ...layerConfigs,
);
