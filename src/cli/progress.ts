// Training progress on stderr: a bar while steps run (over steps, or over the time budget when there
// is one), one line per validation, led by the metrics that fit the targets.
import { SingleBar, Presets } from 'cli-progress';
import type { TrainEvent } from '../core/train/events';
import { summarizeMetrics, type TargetKind } from '../core/metrics/summary';
import { formatDuration } from '../core/train/budget';

type Start = Extract<TrainEvent, { type: 'start' }>;

/** Steps, or seconds of the budget: what the bar counts, and where it stands after a step. */
interface BarScale {
  total: number;
  at(e: { step: number; elapsedSeconds: number }): number;
  unit: string;
}

function scaleOf(e: Start): BarScale {
  if (e.timeBudget)
    return { total: Math.round(e.timeBudget.seconds), at: (s) => Math.round(s.elapsedSeconds), unit: 's' };
  return { total: e.totalSteps, at: (s) => s.step, unit: ' steps' };
}

export function startLine(e: Start): string {
  return (
    `training on ${e.examples.train} pairs (valid ${e.examples.valid}, test ${e.examples.test}), ` +
    `${e.parameters.toLocaleString('en')} parameters` +
    (e.tooLong ? `; ${e.tooLong} pairs longer than the maximum length left out` : '') +
    (e.dropped && e.dropped.valid + e.dropped.test
      ? ` (and ${e.dropped.valid} validation, ${e.dropped.test} test pairs)`
      : '') +
    (e.timeBudget
      ? `; time budget ${formatDuration(e.timeBudget.seconds)}` +
        (e.timeBudget.elapsedSeconds >= 0.5 ? ` (${formatDuration(e.timeBudget.elapsedSeconds)} spent)` : '')
      : '') +
    (e.resumedFrom ? `; resuming at epoch ${e.resumedFrom.epoch + 1}, step ${e.resumedFrom.step}` : '')
  );
}

export function progressReporter(quiet: boolean): (e: TrainEvent) => void {
  let bar: SingleBar | undefined;
  let scale: BarScale = { total: 1, at: (s) => s.step, unit: ' steps' };
  let task: TargetKind = 'symbols';
  const log = (line: string) => process.stderr.write(line + '\n');
  const startBar = (value: number, epoch: number) => {
    bar ??= new SingleBar(
      {
        format: `epoch {epoch} |{bar}| {value}/{total}${scale.unit} | loss {loss} | {tps} tok/s | ETA {eta_formatted}`,
        stream: process.stderr,
        hideCursor: true,
        etaBuffer: 20,
        noTTYOutput: false,
        notTTYSchedule: 10_000,
      },
      Presets.shades_classic,
    );
    bar.start(scale.total, value, { epoch, loss: '-', tps: '-' });
  };
  return (e) => {
    if (quiet) return;
    switch (e.type) {
      case 'start':
        scale = scaleOf(e);
        task = e.task ?? task;
        if (e.plan?.length) log(['auto configuration:', ...e.plan.map((l) => `  ${l}`)].join('\n'));
        log(startLine(e));
        startBar(
          e.resumedFrom ? scale.at({ step: e.resumedFrom.step, elapsedSeconds: e.timeBudget?.elapsedSeconds ?? 0 }) : 0,
          (e.resumedFrom?.epoch ?? 0) + 1,
        );
        break;
      case 'step':
        bar?.update(Math.min(scale.total, scale.at(e)), {
          epoch: e.epoch + 1,
          loss: e.loss.toFixed(3),
          tps: Math.round(e.tokensPerSecond),
        });
        break;
      case 'validation': {
        const value = bar?.getProgress() ?? 0;
        bar?.stop();
        log(
          `epoch ${e.epoch + 1}: valid ${summarizeMetrics(task, e.metrics)}` +
            `${e.improved ? ' (best so far, saved)' : ''}`,
        );
        startBar(Math.round(value * scale.total), e.epoch + 2);
        break;
      }
      case 'done':
        bar?.stop();
        log(`${e.reason} after ${e.step} steps; best valid ${e.metric} ${e.best === null ? '-' : e.best.toFixed(4)}`);
        break;
      case 'checkpoint':
        break;
    }
  };
}

/** Texts up to this many are one decoder batch: no bar. */
const TRANSLATION_BAR_MIN = 64;

/**
 * A bar over the sources of a long translation, on a terminal only: piped output stays clean, and a
 * few lines (one decoder batch) finish before a bar would show.
 */
export function translationProgress(total: number): ((done: number) => void) & { stop(): void } {
  const quiet = !process.stderr.isTTY || total <= TRANSLATION_BAR_MIN;
  const bar = quiet
    ? undefined
    : new SingleBar(
        {
          format: 'translating |{bar}| {value}/{total} | ETA {eta_formatted}',
          stream: process.stderr,
          hideCursor: true,
        },
        Presets.shades_classic,
      );
  bar?.start(total, 0);
  let running = !!bar;
  const stop = () => {
    if (running) bar?.stop();
    running = false;
  };
  return Object.assign((done: number) => bar?.update(done), { stop });
}
