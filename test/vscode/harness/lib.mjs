// Real-VS-Code test harness: an isolated code-server (VS Code 1.139 in the browser, Node 24 extension
// host) driven by playwright-core in Debian's chromium. Install it with
// `npm run setup:vscode-harness`; this module finds that install ($SEQ2SEQ_HARNESS_DIR or the cache).
//
// Plain ESM, no build step. Everything a run writes lives in its run folder (user data, extensions,
// XDG dirs, config, logs): nothing touches ~/.config/code-server or ~/.local/share/code-server.
import { packageVsix as packageWithVsce } from '../../../scripts/package-vsix.mjs';
import { spawn, execFile } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const CS_VERSION = '4.139.1';
export const NODE_MAJOR = 24;
/** The project root (this file is test/vscode/harness/lib.mjs). */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

const t0 = Date.now();
export const stamp = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
export const log = (...a) => console.log(`[harness ${stamp()}]`, ...a);

// ---- the cached install ------------------------------------------------------------------------

/** Same path logic as scripts/vscode-harness/install.sh. */
export function harnessDir() {
  if (process.env.SEQ2SEQ_HARNESS_DIR) return resolve(process.env.SEQ2SEQ_HARNESS_DIR);
  const cache = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cache, 'seq2seq-studio', 'vscode-harness', `cs-${CS_VERSION}-node${NODE_MAJOR}`);
}

/** Paths of the installed harness; throws with the install command when it is missing or incomplete. */
export function findHarness() {
  const dir = harnessDir();
  const h = {
    dir,
    node: join(dir, 'node24/bin/node'),
    entry: join(dir, 'cs/node_modules/code-server/out/node/entry.js'),
    chromium: process.env.CHROMIUM || '/usr/bin/chromium',
  };
  const marker = join(dir, '.complete');
  if (!existsSync(marker) || !existsSync(h.node) || !existsSync(h.entry)) {
    throw new HarnessError(
      `the code-server harness is not installed in ${dir}; ` +
        `run: npm run setup:vscode-harness (with the same SEQ2SEQ_HARNESS_DIR)`,
    );
  }
  if (!existsSync(h.chromium)) throw new HarnessError(`${h.chromium} is missing; run: npm run setup:vscode-harness`);
  return h;
}

export class HarnessError extends Error {}

// ---- isolated run folders ---------------------------------------------------------------------

export const USER_SETTINGS = {
  // Restricted Mode would keep the extension from activating (also --disable-workspace-trust below).
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'extensions.ignoreRecommendations': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'git.enabled': false,
  'files.autoSave': 'off',
  'workbench.editor.enablePreview': false,
};

/**
 * Creates a fresh run folder: data/ (user data, settings.json), exts/ (extensions), xdg/ (XDG config +
 * data) and config.yaml (`auth: none`; without --config code-server writes a password into $HOME).
 */
export function prepareRunDir(runDir, { settings = USER_SETTINGS, clean = true } = {}) {
  runDir = resolve(runDir);
  if (clean) rmSync(runDir, { recursive: true, force: true });
  const dirs = {
    runDir,
    data: join(runDir, 'data'),
    exts: join(runDir, 'exts'),
    xdg: join(runDir, 'xdg'),
    config: join(runDir, 'config.yaml'),
  };
  for (const d of [dirs.exts, dirs.xdg, join(dirs.data, 'User')]) mkdirSync(d, { recursive: true });
  writeFileSync(join(dirs.data, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  writeFileSync(dirs.config, 'auth: none\n');
  return dirs;
}

const isolatedEnv = (dirs, env = {}) => ({
  ...process.env,
  XDG_CONFIG_HOME: dirs.xdg,
  XDG_DATA_HOME: dirs.xdg,
  ...env,
});
const commonArgs = (dirs) => ['--config', dirs.config, '--user-data-dir', dirs.data, '--extensions-dir', dirs.exts];

/** A free TCP port on 127.0.0.1 (bind port 0, read it, close). */
export function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

// ---- code-server ------------------------------------------------------------------------------

/** Runs a one-shot code-server CLI command with the run's isolated dirs; resolves to its output. */
export function csCli(dirs, args, { env = {}, harness = findHarness(), timeoutMs = 120_000 } = {}) {
  return new Promise((res, rej) => {
    execFile(
      harness.node,
      [harness.entry, ...commonArgs(dirs), ...args],
      { env: isolatedEnv(dirs, env), timeout: timeoutMs, maxBuffer: 16 << 20 },
      (err, stdout, stderr) => {
        const out = `${stdout}${stderr}`;
        if (err) rej(new HarnessError(`code-server ${args.join(' ')} failed (${err.code ?? err.signal}):\n${out}`));
        else res(out);
      },
    );
  });
}

/** Installs a .vsix into the run's extensions dir (what a user gets from "Install from VSIX"). */
export async function installVsix(dirs, vsixPath, opts = {}) {
  const vsix = resolve(vsixPath);
  if (!existsSync(vsix)) throw new HarnessError(`no such .vsix: ${vsix}`);
  const out = await csCli(dirs, ['--install-extension', vsix, '--force'], opts);
  if (!/successfully installed|already installed/i.test(out))
    throw new HarnessError(`installing ${vsix} did not succeed:\n${out}`);
  return out;
}

/** Packages an extension folder into a .vsix, exactly as `npm run package` does. */
export async function packageVsix(extDir, outFile) {
  try {
    return await packageWithVsce(outFile, extDir);
  } catch (e) {
    throw new HarnessError(e.message);
  }
}

const running = new Set();
let hooksInstalled = false;
function installExitHooks() {
  if (hooksInstalled) return;
  hooksInstalled = true;
  // Last resort: never leave a code-server process group behind, whatever way this process ends.
  process.on('exit', () => {
    for (const pid of running) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(sig, () => {
      for (const pid of running) {
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
      process.exit(128 + { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 }[sig]);
    });
  }
}

/**
 * Starts code-server on 127.0.0.1 and a free port, in its own process group, and waits for /healthz.
 * Options: folder (opened by default), env (reaches the extension host), extraArgs,
 * smokeTestDriver (needed for the `payload` test parameters), port.
 * Returns { url, port, proc, logFile, stop }; stop() kills the whole group and is safe to call twice.
 */
export async function startCodeServer(
  dirs,
  {
    folder,
    env = {},
    extraArgs = [],
    smokeTestDriver = false,
    port,
    harness = findHarness(),
    startTimeoutMs = 60_000,
  } = {},
) {
  installExitHooks();
  const logFile = join(dirs.runDir, 'code-server.log');
  for (let attempt = 1; ; attempt++) {
    const p = port ?? (await freePort());
    const fd = openSync(logFile, attempt === 1 ? 'w' : 'a');
    const args = [
      harness.entry,
      ...commonArgs(dirs),
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${p}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      ...(smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
      ...extraArgs,
    ];
    if (folder) args.push(resolve(folder));
    const proc = spawn(harness.node, args, { env: isolatedEnv(dirs, env), stdio: ['ignore', fd, fd], detached: true });
    closeSync(fd);
    running.add(proc.pid);
    writeFileSync(join(dirs.runDir, 'code-server.pid'), String(proc.pid));
    let exited = false;
    proc.once('exit', () => {
      exited = true;
      running.delete(proc.pid);
    });
    const stop = async () => {
      if (!exited) {
        try {
          process.kill(-proc.pid, 'SIGTERM');
        } catch {
          /* gone */
        }
        for (let i = 0; i < 50 && !exited; i++) await sleep(100);
      }
      // the group may hold children (extension host, watchers) after the main process left
      try {
        process.kill(-proc.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
      running.delete(proc.pid);
    };
    const url = `http://127.0.0.1:${p}`;
    const deadline = Date.now() + startTimeoutMs;
    let up = false;
    while (!exited && Date.now() < deadline) {
      try {
        if ((await fetch(`${url}/healthz`)).ok) {
          up = true;
          break;
        }
      } catch {
        /* not yet */
      }
      await sleep(100);
    }
    if (up) return { url, port: p, proc, logFile, stop };
    await stop();
    const tail = readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n');
    // another process took the port between freePort() and the bind: try another one
    if (exited && port === undefined && attempt < 3 && /EADDRINUSE/.test(tail)) continue;
    throw new HarnessError(`code-server did not come up (${exited ? 'exited' : 'timeout'}); log ${logFile}:\n${tail}`);
  }
}

// ---- browser + workbench ----------------------------------------------------------------------

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Debian's chromium through playwright-core (no browser download). */
export function launchChromium(opts = {}) {
  return chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS, ...opts });
}

/** vscode-remote URI for a path on the code-server side. */
export const remoteUri = (host, p) => `vscode-remote://${host}${resolve(p)}`;

/**
 * Workbench URL for `folder`. devExt / testsPath go into the `payload` query parameter (the
 * mechanism of VS Code's own browser integration tests); code-server must run with smokeTestDriver.
 */
export function workbenchUrl(url, folder, { devExt, testsPath } = {}) {
  const host = new URL(url).host;
  const q = new URLSearchParams({ folder: resolve(folder) });
  const payload = [];
  if (devExt) payload.push(['extensionDevelopmentPath', remoteUri(host, devExt)]);
  if (testsPath) payload.push(['extensionTestsPath', remoteUri(host, testsPath)]);
  if (payload.length) q.set('payload', JSON.stringify(payload));
  return `${url}/?${q}`;
}

/** Waits for the workbench shell to be there. */
export async function waitForWorkbench(page, timeout = 60_000) {
  await page.locator('.monaco-workbench').waitFor({ timeout });
}

/** A RegExp matching exactly `text` (surrounding whitespace aside). */
export const exactly = (text) => new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);

/**
 * F1 until the palette's input takes typing. The quick input hides with a 150 ms closing animation
 * during which its widget is `inert`; in one CI run it stayed inert (visible, untypable) for the whole
 * 30 s after a click on a webview's editor tab. The widget's show() ends any closing animation, so
 * another F1 recovers it.
 */
async function openPalette(page, timeout) {
  const typable = page.locator('.quick-input-widget:not([inert]) input');
  const deadline = Date.now() + timeout;
  for (;;) {
    await page.keyboard.press('F1');
    try {
      await typable.waitFor({ timeout: Math.min(3_000, Math.max(1, deadline - Date.now())) });
      return typable;
    } catch (e) {
      if (Date.now() >= deadline) throw e;
    }
  }
}

/**
 * Runs a command by its palette title: F1, type it, then the row whose label is exactly the title
 * (Enter when it is the focused row, else a click: the fuzzy filter can focus another row first, e.g.
 * ">Preferences: Color Theme" focuses "Preferences: Browse Color Themes in Marketplace").
 * `waitClosed: false` for commands that go on asking in the quick input.
 */
export async function runCommand(page, title, { timeout = 30_000, waitClosed = true } = {}) {
  const input = await openPalette(page, timeout);
  await input.fill(`>${title}`);
  const row = page
    .locator('.quick-input-list .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: exactly(title) }) })
    .first();
  await row.waitFor({ timeout });
  if (await row.evaluate((r) => r.classList.contains('focused'))) await page.keyboard.press('Enter');
  else await row.click();
  if (waitClosed) await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout });
}

/**
 * The document of a webview (its inner #active-frame) opened by extension `publisher.name`, as a
 * FrameLocator: webviewFrame(page, 'seq2seq-studio.seq2seq-studio').locator('#root').
 * `nth` picks among several webviews of the same extension.
 */
export function webviewFrame(page, extensionId, { nth = 0 } = {}) {
  return page
    .locator(`iframe.webview[src*="extensionId=${extensionId}"]`)
    .nth(nth)
    .contentFrame()
    .frameLocator('#active-frame');
}
