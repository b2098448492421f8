// Training progress for the notification: epoch, step, loss, the validation metric and the ETA.
import * as vscode from 'vscode';
import type { TrainEvent } from '../../core/train/events';

export class ProgressText {
  private metric = '';
  private totalSteps = 1;
  private reported = 0;

  /** The message and the increment (in percent) since the last step. */
  update(e: TrainEvent): { message?: string; increment?: number } {
    switch (e.type) {
      case 'start':
        this.totalSteps = Math.max(1, e.totalSteps);
        this.reported = e.resumedFrom?.step ?? 0;
        return { message: vscode.l10n.t('{0} training pairs, {1} parameters, {2}', e.examples.train, e.parameters.toLocaleString(), e.backend), increment: (100 * this.reported) / this.totalSteps };
      case 'step': {
        const increment = (100 * (e.step - this.reported)) / this.totalSteps;
        this.reported = e.step;
        const epochs = Math.ceil(e.totalSteps / Math.max(1, e.stepsPerEpoch));
        return {
          increment,
          message: [vscode.l10n.t('epoch {0}/{1}', e.epoch + 1, epochs), vscode.l10n.t('loss {0}', e.loss.toFixed(3)), this.metric, vscode.l10n.t('ETA {0}', duration(e.etaSeconds))].filter(Boolean).join(' · '),
        };
      }
      case 'validation':
        this.metric = `${e.metric} ${(e.metrics[e.metric] ?? NaN).toFixed(3)}`;
        return { message: vscode.l10n.t('epoch {0}: {1}{2}', e.epoch + 1, this.metric, e.improved ? vscode.l10n.t(' (best so far, saved)') : '') };
      case 'checkpoint':
        return {};
      case 'done':
        return { message: vscode.l10n.t('finished: {0}', e.reason) };
    }
  }
}

export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return s < 60 ? `${s}s` : s < 3600 ? `${Math.floor(s / 60)}m ${s % 60}s` : `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}
