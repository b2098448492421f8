// Seq2Seq: Install Native Backend. Runs scripts/setup-native.sh (the VSIX ships it with the custom
// ops' sources) into the extension's global storage, route by route (native/setup-outcome.ts), under
// a cancellable progress notification, with the script's output in an output channel and a log file.
// Then it restarts the model worker on the tensorflow backend and reports what the worker runs; when
// anything fails, the worker goes back to wasm and the message says why, in one line.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { BackendChoice, BackendInfo } from '../../core/backend/info';
import { NativeInstall } from '../native/native-install';
import { runSetup } from '../native/run-setup';
import {
  installedMessage,
  nextRoute,
  notInstalledMessage,
  notStartedMessage,
  progressText,
  readSetupRun,
  type SetupResult,
} from '../native/setup-outcome';
import { SECTION, readSettings } from '../settings';
import type { Studio } from '../studio';

export interface NativeInstallOutcome {
  installed: boolean;
  /** What the model worker runs on after the command, when it started. */
  backend?: BackendInfo;
  /** The one line shown. */
  message: string;
  /** The run's log file. */
  log: string;
}

/** How the worker's backend report (auto) says why it skipped tensorflow. */
const SKIPPED = 'tensorflow: ';

let output: vscode.OutputChannel | undefined;

export async function installNativeBackend(studio: Studio): Promise<NativeInstallOutcome> {
  // The switch restarts the model worker, which would end a training.
  studio.training.assertIdle();
  const native = new NativeInstall(studio.context.globalStorageUri.fsPath);
  // While the script changes the folder, no new worker may load it.
  native.forget();
  const results = await runRoutes(studio, native);
  const last = results.at(-1);
  if (last?.status === 'ready') return switchToNative(studio, native, results);
  const stays = await fallBack(studio, native);
  return notInstalled(studio, native, notInstalledMessage(results, native.logFile, stays), last?.status);
}

/** Restarts the worker on the new install; it counts as installed only once the worker runs tensorflow. */
async function switchToNative(
  studio: Studio,
  native: NativeInstall,
  results: SetupResult[],
): Promise<NativeInstallOutcome> {
  studio.training.assertIdle();
  const route = results.at(-1)!.route;
  native.markInstalled({ route, installedAt: new Date().toISOString() });
  const previous = await preferNative();
  let info: BackendInfo | undefined;
  let error: string | undefined;
  try {
    info = await restartWorker(studio);
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  if (info?.name !== 'tensorflow') {
    const skipped = info?.fallbacks.find((f) => f.startsWith(SKIPPED));
    const reason = error ?? skipped?.slice(SKIPPED.length) ?? `it started on ${info?.name} instead`;
    const stays = await fallBack(studio, native, previous);
    return notInstalled(studio, native, notStartedMessage(reason, native.logFile, stays));
  }
  native.markInstalled({ route, installedAt: new Date().toISOString(), backend: info });
  const { text, warn } = installedMessage(results, info, native.logFile);
  record(studio, native, text, warn ? 'warn' : 'info');
  void (warn ? vscode.window.showWarningMessage(text) : vscode.window.showInformationMessage(text));
  return { installed: true, backend: info, message: text, log: native.logFile };
}

/** Runs the routes in order until one sets the backend up or cannot be replaced by the next. */
async function runRoutes(studio: Studio, native: NativeInstall): Promise<SetupResult[]> {
  const script = path.join(studio.context.extensionPath, 'scripts', 'setup-native.sh');
  if (!output) {
    output = vscode.window.createOutputChannel('Seq2Seq Native Backend');
    studio.context.subscriptions.push(output);
  }
  output.clear();
  fs.mkdirSync(native.dir, { recursive: true });
  fs.writeFileSync(native.logFile, '');
  studio.log.info(`installing the native backend into ${native.dir} (log: ${native.logFile})`);
  const title = vscode.l10n.t('Installing the native backend (TensorFlow)');
  const location = vscode.ProgressLocation.Notification;
  return vscode.window.withProgress({ location, title, cancellable: true }, async (progress, token) => {
    const abort = new AbortController();
    token.onCancellationRequested(() => abort.abort());
    const results: SetupResult[] = [];
    for (let route = nextRoute(results); route; route = nextRoute(results)) {
      const line = (text: string) => {
        logLine(native, text);
        const message = progressText(text);
        if (message) progress.report({ message });
      };
      line(`$ SEQ2SEQ_NATIVE_ROUTE=${route} SEQ2SEQ_NATIVE_PREFIX=${native.dir} bash ${script}`);
      results.push(readSetupRun(route, await runSetup(script, native.setupEnv(route), line, abort.signal)));
    }
    return results;
  });
}

function logLine(native: NativeInstall, text: string): void {
  output?.appendLine(text);
  fs.appendFileSync(native.logFile, `${text}\n`);
}

/** A pinned wasm or cpu backend gives way to tensorflow; returns the value it had, if it changed. */
async function preferNative(): Promise<BackendChoice | undefined> {
  const current = readSettings().backend;
  if (current === 'auto' || current === 'tensorflow') return undefined;
  await setBackendSetting('tensorflow');
  return current;
}

function setBackendSetting(value: BackendChoice): Thenable<void> {
  return vscode.workspace.getConfiguration(SECTION).update('backend', value, vscode.ConfigurationTarget.Global);
}

/** A new worker on the current settings and install; resolves to the backend it reports. */
async function restartWorker(studio: Studio): Promise<BackendInfo> {
  await studio.worker.stopWhenIdle(vscode.l10n.t('The native backend was installed.'));
  return studio.worker.request('info', {});
}

/**
 * Takes the worker off the native install: no install stands, the backend setting goes back to what
 * it was (or from tensorflow to wasm), and a new worker starts. Returns what it runs on.
 */
async function fallBack(studio: Studio, native: NativeInstall, previous?: BackendChoice): Promise<string> {
  native.forget();
  const restore = previous ?? (readSettings().backend === 'tensorflow' ? 'wasm' : undefined);
  if (restore) await setBackendSetting(restore);
  if (studio.training.status()) return vscode.l10n.t('its current backend until the training ends');
  try {
    return (await restartWorker(studio)).name;
  } catch (e) {
    return vscode.l10n.t('no backend ({0})', e instanceof Error ? e.message : String(e));
  }
}

function notInstalled(
  studio: Studio,
  native: NativeInstall,
  message: string,
  status?: SetupResult['status'],
): NativeInstallOutcome {
  record(studio, native, message, status === 'cancelled' ? 'info' : 'error');
  if (status === 'cancelled') void vscode.window.showInformationMessage(message);
  else studio.reporter.error(message);
  return { installed: false, message, log: native.logFile };
}

/** The outcome at the end of the log file and in the extension's log (errors are logged by the reporter). */
function record(studio: Studio, native: NativeInstall, message: string, level: 'info' | 'warn' | 'error'): void {
  logLine(native, message);
  if (level !== 'error') studio.log[level](message);
}
