// What a run of scripts/setup-native.sh came to, and the one-line messages Install Native Backend
// shows. No VS Code here: unit-tested on the script's own output lines.
//
// Two routes, in this order: the wheel route (TensorFlow 2.21's CPU wheel via pip, the binding and
// the fused kernels compiled here: the fast backend) and, where it cannot run on this machine (the
// script exits 3: no compiler, no pip or no wheel), tfjs-node's own install, whose script downloads
// libtensorflow 2.9.1 and a prebuilt binding: no compiler needed, but without TensorFlow's C++
// headers the fused kernels cannot be built for it, so it runs the reference kernels.
import { describeBackend, type BackendInfo } from '../../core/backend/info';

export type Route = 'wheel' | 'npm';
export const ROUTES: readonly Route[] = ['wheel', 'npm'];

/** How the script process ended. */
export interface SetupRun {
  /** null when it was killed (cancelled) or never started. */
  exitCode: number | null;
  /** stdout and stderr, line by line, in arrival order. */
  lines: string[];
  cancelled: boolean;
  /** Why it could not be started (e.g. no bash). */
  spawnError?: string;
}

export interface SetupResult {
  route: Route;
  /** unavailable: this machine lacks what the route needs (exit 3); failed: the install broke. */
  status: 'ready' | 'unavailable' | 'failed' | 'cancelled';
  reason?: string;
  /** "[setup-native] WARNING: ..." lines (the fused kernels did not build, ...). */
  warnings: string[];
}

const UNAVAILABLE = 3;
const READY_LINE = 'native backend ready: tensorflow';
const TAGGED = /^\[setup-native\] (ERROR|NOT AVAILABLE HERE|WARNING): (.*)$/;

function tagged(lines: string[], tags: string[]): string[] {
  return lines.flatMap((line) => {
    const m = TAGGED.exec(line);
    return m && tags.includes(m[1]) ? [m[2]] : [];
  });
}

export function readSetupRun(route: Route, run: SetupRun): SetupResult {
  const warnings = tagged(run.lines, ['WARNING']);
  if (run.cancelled) return { route, status: 'cancelled', warnings };
  if (run.spawnError)
    return { route, status: 'failed', reason: `the setup needs bash (Linux x86_64): ${run.spawnError}`, warnings };
  const reason = tagged(run.lines, ['ERROR', 'NOT AVAILABLE HERE']).at(-1);
  if (run.exitCode === 0) {
    // Nothing counts as ready unless the script said so.
    if (run.lines.includes(READY_LINE)) return { route, status: 'ready', warnings };
    return { route, status: 'failed', reason: 'the setup ended without reporting the backend ready', warnings };
  }
  const status = run.exitCode === UNAVAILABLE ? 'unavailable' : 'failed';
  return { route, status, reason: reason ?? `the setup stopped (exit code ${run.exitCode})`, warnings };
}

/** The route to try after these results, if any: the next one, when the last cannot run here. */
export function nextRoute(results: SetupResult[]): Route | undefined {
  const last = results.at(-1);
  if (!last) return ROUTES[0];
  return last.status === 'unavailable' ? ROUTES[ROUTES.indexOf(last.route) + 1] : undefined;
}

/** The progress notification's text for a script line, if it is one of the script's own steps. */
export function progressText(line: string): string | undefined {
  const m = /^\[setup-native\] (.*)$/.exec(line);
  return m && !TAGGED.test(line) ? m[1] : undefined;
}

/** Where the reader finds the whole story. */
const logNote = (log: string) => `Log: ${log}`;

/** One line: why no route set the backend up, and what the worker runs on instead. */
export function notInstalledMessage(results: SetupResult[], log: string, stays: string): string {
  const last = results.at(-1);
  if (last?.status === 'cancelled')
    return `Native backend install cancelled. The model worker runs on ${stays}. ${logNote(log)}`;
  // Each route's reason once (both routes stop at the platform check, e.g.).
  const reasons = [...new Set(results.map((r) => r.reason).filter(Boolean))];
  return `Native backend not installed: ${reasons.join('; and ')}. The model worker runs on ${stays}. ${logNote(log)}`;
}

/** One line: the script succeeded but the model worker did not start on it. */
export function notStartedMessage(reason: string, log: string, stays: string): string {
  return (
    `Native backend not installed: it was set up, but the model worker did not start on it: ${reason}. ` +
    `The model worker runs on ${stays}. ${logNote(log)}`
  );
}

/**
 * One line for an install the worker now runs on; `warn` when it runs the reference kernels for a
 * reason, which says how to get the fused ones (the wheel route's, when tfjs-node's own install stood
 * in for it; else the script's warning; else the worker's own).
 */
export function installedMessage(
  results: SetupResult[],
  info: BackendInfo,
  log: string,
): { text: string; warn: boolean } {
  const ready = results.at(-1)!;
  const via = ready.route === 'npm' ? " through tfjs-node's own download" : '';
  const why =
    info.kernels.name === 'fused'
      ? undefined
      : (results.find((r) => r.route === 'wheel' && r.status === 'unavailable')?.reason ??
        ready.warnings.at(-1) ??
        info.kernels.fallback);
  const runs = why ? `${info.name}, reference kernels. The fused kernels are missing: ${why}` : describeBackend(info);
  return {
    text: `Native backend installed${via}: the model worker runs on ${runs}. ${logNote(log)}`,
    warn: why !== undefined,
  };
}
