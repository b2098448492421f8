// Training progress on stderr: a bar while steps run, one line per validation.
import { SingleBar, Presets } from 'cli-progress';
import type { TrainEvent } from '../core/train/events';

export function progressReporter(quiet: boolean): (e: TrainEvent) => void {
  const bar = new SingleBar({
    format: 'epoch {epoch} |{bar}| {value}/{total} steps | loss {loss} | {tps} tok/s | ETA {eta_formatted}',
    stream: process.stderr, hideCursor: true, etaBuffer: 20, noTTYOutput: false, notTTYSchedule: 10_000,
  }, Presets.shades_classic);
  const log = (line: string) => { if (!quiet) process.stderr.write(line + '\n'); };
  return (e) => {
    if (quiet) return;
    switch (e.type) {
      case 'start':
        log(`training on ${e.examples.train} pairs (valid ${e.examples.valid}, test ${e.examples.test}), ${e.parameters.toLocaleString('en')} parameters, backend ${e.backend}` +
          (e.tooLong ? `; ${e.tooLong} pairs longer than the maximum length left out` : '') +
          (e.dropped && e.dropped.valid + e.dropped.test ? ` (and ${e.dropped.valid} validation, ${e.dropped.test} test pairs)` : '') +
          (e.resumedFrom ? `; resuming at epoch ${e.resumedFrom.epoch + 1}, step ${e.resumedFrom.step}` : ''));
        bar.start(e.totalSteps, e.resumedFrom?.step ?? 0, { epoch: (e.resumedFrom?.epoch ?? 0) + 1, loss: '-', tps: '-' });
        break;
      case 'step':
        bar.update(e.step, { epoch: e.epoch + 1, loss: e.loss.toFixed(3), tps: Math.round(e.tokensPerSecond) });
        break;
      case 'validation': {
        const m = e.metrics;
        bar.stop();
        log(`epoch ${e.epoch + 1}: valid loss ${m.loss.toFixed(4)}, exact ${(100 * m.exact).toFixed(1)}%, token acc ${(100 * m.tokenAccuracy).toFixed(1)}%, ` +
          `BLEU ${m.bleu.toFixed(1)}, chrF ${m.chrf.toFixed(1)}${e.improved ? ' (best so far, saved)' : ''}`);
        bar.start(bar.getTotal(), e.step, { epoch: e.epoch + 2, loss: '-', tps: '-' });
        break;
      }
      case 'done':
        bar.stop();
        log(`${e.reason} after ${e.step} steps; best valid ${e.metric} ${e.best === null ? '-' : e.best.toFixed(4)}`);
        break;
      case 'checkpoint':
        break;
    }
  };
}
