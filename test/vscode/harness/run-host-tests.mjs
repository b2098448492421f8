#!/usr/bin/env node
// Runs a mocha suite INSIDE code-server's extension host, like @vscode/test-electron's runTests:
//
//   node test/vscode/harness/run-host-tests.mjs --ext <extensionDevelopmentPath> \
//        --tests <abs path to the compiled suite index.js> --workspace <folder> [--suite NAME]
//        [--timeout SECONDS] [--verbose] [--keep]
//
// The suite entry exports `run(): Promise<void>` (mocha 11, like any VS Code test suite). Counts come
// from the file named by $HARNESS_RESULTS if the suite writes one ({passed, failed, pending,
// failures:[{title,error}]}), else from mocha's reporter summary ("N passing / N failing / N pending").
// The environment of this process reaches the extension host (e.g. HARNESS_FAIL, HARNESS_GREP).
//
// Prints the host's log lines, then one closing line: `N passed, N failed` (`, N skipped` if any).
// Exit: 0 = the runner exited 0 and at least one test ran; 1 = tests failed or none ran;
// 2 = timeout / harness error (screenshot + code-server log kept in test-results/vscode/<suite>/).
// The run folder is removed when everything passed (--keep keeps it).
import { parseArgs, format } from 'node:util';
import { appendFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, rmdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import {
  PROJECT_ROOT,
  HarnessError,
  findHarness,
  launchChromium,
  log,
  prepareRunDir,
  stamp,
  startCodeServer,
  workbenchUrl,
} from './lib.mjs';

const { values: a } = parseArgs({
  options: {
    ext: { type: 'string' },
    tests: { type: 'string' },
    workspace: { type: 'string' },
    suite: { type: 'string' },
    timeout: { type: 'string', default: '300' },
    verbose: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});

function usage(msg) {
  console.error(
    `run-host-tests: ${msg}\n` +
      'usage: node test/vscode/harness/run-host-tests.mjs --ext DIR --tests /abs/suite/index.js ' +
      '[--workspace DIR] [--suite NAME] [--timeout S] [--verbose] [--keep]',
  );
  process.exit(2);
}
if (!a.ext) usage('--ext is required');
if (!a.tests) usage('--tests is required');
const ext = resolve(a.ext);
const tests = resolve(a.tests);
if (!existsSync(join(ext, 'package.json'))) usage(`no package.json in --ext ${ext}`);
if (!existsSync(tests)) usage(`--tests ${tests} does not exist (compile the suite first)`);
const suite = (a.suite ?? basename(ext)).replace(/[^\w.-]+/g, '_');
const runDir = join(PROJECT_ROOT, 'test-results', 'vscode', suite);

// Offline / workbench chatter that says nothing about the tests.
const NOISE = new RegExp(
  /connection token|Creating a socket|grace time|builtin extensions cache|Service Worker|AgentHost/.source +
    '|' +
    /AccountPolicyGate|open-vsx\.org|ENOTFOUND|authentication provider|vsda|languageDetection|^\s*$/.source,
  'i',
);

let harness;
try {
  harness = findHarness();
} catch (e) {
  console.error(String(e.message));
  console.log('0 passed, 0 failed');
  process.exit(2);
}

const dirs = prepareRunDir(runDir);
// The suite trains and edits files: it gets a copy, so the given folder (often a fixture in the
// repository) is never changed.
const workspace = join(runDir, 'ws');
if (a.workspace) {
  if (!statSync(resolve(a.workspace), { throwIfNoEntry: false })?.isDirectory())
    usage(`--workspace ${a.workspace} is not a folder`);
  cpSync(resolve(a.workspace), workspace, { recursive: true });
}
mkdirSync(workspace, { recursive: true });
const resultsFile = join(runDir, 'results.json');
const hostLog = join(runDir, 'host.log');
const summary = { passing: undefined, failing: undefined, pending: undefined };

let exitCode = 2;
let runnerCode;
let cs;
let browser;
let page;
let harnessFailure = false;
try {
  log(`suite ${suite}: code-server ${harness.dir}`);
  cs = await startCodeServer(dirs, { smokeTestDriver: true, harness, env: { HARNESS_RESULTS: resultsFile } });
  log('code-server up at', cs.url);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  let resolveExit;
  const done = new Promise((res) => {
    resolveExit = res;
  });
  // Called by the workbench when the extension host's test runner finishes (its exit code).
  await page.exposeFunction('codeAutomationExit', (code) => resolveExit(code));
  // Renderer + extension host console (mocha's reporter output arrives here).
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const line = format(...(Array.isArray(args) ? args : [args]));
    appendFileSync(hostLog, `[${type}] ${line}\n`);
    for (const l of line.split('\n')) {
      let m;
      if ((m = /^\s*(\d+) passing\b/.exec(l))) summary.passing = +m[1];
      else if ((m = /^\s*(\d+) failing\b/.exec(l))) summary.failing = +m[1];
      else if ((m = /^\s*(\d+) pending\b/.exec(l))) summary.pending = +m[1];
    }
    if (a.verbose || !NOISE.test(line)) console.log(`${type === 'error' ? '  !' : '  |'} ${line}`);
  });
  page.on('pageerror', (e) => appendFileSync(hostLog, `[pageerror] ${e.message}\n`));
  if (a.verbose) page.on('console', (m) => console.log('  console>', m.text()));
  const url = workbenchUrl(cs.url, workspace, { devExt: ext, testsPath: tests });
  log('opening workbench', a.verbose ? url : '');
  let timer;
  const timeout = new Promise((res) => {
    timer = setTimeout(() => res('timeout'), +a.timeout * 1000);
  });
  // the timeout covers loading the page too; a runner that finishes while it loads still counts
  const r = await Promise.race([page.goto(url).then(() => done), timeout]);
  clearTimeout(timer);
  if (r === 'timeout') {
    harnessFailure = true;
    log(`TIMEOUT: the extension host test runner did not finish within ${a.timeout}s`);
  } else {
    runnerCode = r;
    log('extension host test runner exited with', r);
  }
} catch (e) {
  harnessFailure = true;
  console.error(`harness error: ${e instanceof HarnessError ? e.message : (e?.stack ?? e)}`);
}

if (harnessFailure && page) {
  await page.screenshot({ path: join(runDir, 'failure.png') }).catch(() => {});
}
await browser?.close().catch(() => {});
await cs?.stop();

// ---- counts + verdict -------------------------------------------------------------------------
let passed = summary.passing ?? 0;
let failed = summary.failing ?? 0;
let skipped = summary.pending ?? 0;
if (existsSync(resultsFile)) {
  try {
    const r = JSON.parse(readFileSync(resultsFile, 'utf8'));
    passed = r.passed ?? passed;
    failed = r.failed ?? failed;
    skipped = r.pending ?? skipped;
    for (const f of r.failures ?? []) console.log(`FAIL ${f.title}\n${f.error}\n`);
  } catch (e) {
    console.error(`unreadable ${resultsFile}: ${e.message}`);
  }
}
// a runner that rejected without any test reported still counts as a failure
if (runnerCode !== undefined && runnerCode !== 0 && failed === 0) failed = 1;
if (harnessFailure) exitCode = 2;
else if (runnerCode === 0 && passed + failed > 0) exitCode = 0;
else {
  exitCode = 1;
  if (passed + failed === 0) console.error('no test ran (did the suite find its *.test.js files?)');
}

if (exitCode === 0 && !a.keep) {
  rmSync(runDir, { recursive: true, force: true });
  // drop test-results/vscode and test-results when nothing else is left in them
  for (const d of [join(runDir, '..'), join(runDir, '../..')]) {
    try {
      rmdirSync(d);
    } catch {
      break;
    }
  }
} else {
  log(`run folder kept: ${runDir} (code-server.log, host.log${harnessFailure ? ', failure.png' : ''})`);
}
log(`done (${stamp()})`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(exitCode);
