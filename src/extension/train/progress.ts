// Training progress for the notification: epoch, step, loss, the validation metrics that fit the
// task, and the time left (of the budget, when there is one).
import * as vscode from 'vscode';
import type { TrainEvent } from '../../core/train/events';
import { summarizeMetrics, type TargetKind } from '../../core/metrics/summary';

export class ProgressText {
  private metric = '';
  /** Steps, or seconds of the time budget: what 100% of the bar is. */
  private total = 1;
  private reported = 0;
  private budgeted = false;
  private task: TargetKind = 'symbols';

  /** The message and the increment (in percent) since the last step. */
  update(e: TrainEvent): { message?: string; increment?: number } {
    switch (e.type) {
      case 'start': {
        this.budgeted = !!e.timeBudget;
        this.total = Math.max(1, e.timeBudget ? e.timeBudget.seconds : e.totalSteps);
        this.reported = e.timeBudget ? e.timeBudget.elapsedSeconds : (e.resumedFrom?.step ?? 0);
        this.task = e.task ?? this.task;
        const lines = [
          vscode.l10n.t(
            '{0} training pairs, {1} parameters, {2}',
            e.examples.train,
            e.parameters.toLocaleString(),
            e.backend,
          ),
        ];
        // The auto configuration's model line says what was chosen (the full block is in the log).
        const model = e.plan?.find((l) => l.startsWith('model:'));
        if (model) lines.push(model.replace(/ \(.*\)$/, ''));
        return { message: lines.join(' · '), increment: (100 * Math.min(this.reported, this.total)) / this.total };
      }
      case 'step': {
        const at = Math.min(this.total, this.budgeted ? e.elapsedSeconds : e.step);
        const increment = (100 * Math.max(0, at - this.reported)) / this.total;
        this.reported = Math.max(this.reported, at);
        const epoch = this.budgeted
          ? vscode.l10n.t('epoch {0}', e.epoch + 1)
          : vscode.l10n.t('epoch {0}/{1}', e.epoch + 1, Math.ceil(e.totalSteps / Math.max(1, e.stepsPerEpoch)));
        const left = this.budgeted
          ? vscode.l10n.t('{0} left', duration(e.etaSeconds))
          : vscode.l10n.t('ETA {0}', duration(e.etaSeconds));
        const loss = vscode.l10n.t('loss {0}', e.loss.toFixed(3));
        return { increment, message: [epoch, loss, this.metric, left].filter(Boolean).join(' · ') };
      }
      case 'validation':
        this.metric = summarizeMetrics(this.task, e.metrics);
        return {
          message: vscode.l10n.t(
            'epoch {0}: {1}{2}',
            e.epoch + 1,
            this.metric,
            e.improved ? vscode.l10n.t(' (best so far, saved)') : '',
          ),
        };
      case 'checkpoint':
        return {};
      case 'done':
        return { message: vscode.l10n.t('finished: {0}', e.reason) };
    }
  }
}

export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return s < 60
    ? `${s}s`
    : s < 3600
      ? `${Math.floor(s / 60)}m ${s % 60}s`
      : `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}
