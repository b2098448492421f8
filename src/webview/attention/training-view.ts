// The Training tab: loss per step and the validation metric per epoch, redrawn as events arrive.
import type { PanelCommand } from '../../shared/attention-messages';
import { h, s } from '../dom';
import { emptyState } from './empty-state';
import type { TrainingHistory } from '../../shared/training-history';
import { extent, linePath, linearScale, niceTicks, tickLabel, type Box } from './training/plot-math';

const W = 320;
const H = 150;
const BOX: Box = { left: 44, top: 10, width: W - 54, height: H - 34 };

/** The chart's text alternative: the latest loss, and where it started. */
function lossSummary(loss: TrainingHistory['loss']): string {
  if (!loss.length) return 'No loss reported yet';
  const [[firstStep, first], [lastStep, last]] = [loss[0], loss[loss.length - 1]];
  const start = loss.length > 1 ? `, from ${first.toFixed(3)} at step ${firstStep}` : '';
  return `Training loss ${last.toFixed(3)} at step ${lastStep}${start}`;
}

/** Under a time budget the step total is no bound (epochs may be unlimited): the time is what is shown. */
export function runningStatus(history: TrainingHistory): string {
  const { epoch, step, budget, totalSteps } = history;
  if (!budget) return `epoch ${epoch}, step ${step}/${totalSteps}`;
  return `epoch ${epoch}, step ${step}, ${minutes(budget.elapsedSeconds)} of ${minutes(budget.seconds)}`;
}

function minutes(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
}

export function renderTraining(
  root: HTMLElement,
  history: TrainingHistory | null,
  run: (c: PanelCommand) => void,
): void {
  if (!history) {
    root.replaceChildren(
      emptyState(
        run,
        'No training in this window yet. Train a model on a corpus in your workspace: ' +
          'its loss and validation metric are plotted here while it learns.',
      ),
    );
    return;
  }
  const status =
    history.status === 'running'
      ? runningStatus(history)
      : `${history.status} at epoch ${history.epoch}, step ${history.step}`;
  const lastVal = history.validation[history.validation.length - 1];
  root.replaceChildren(
    h('p', { class: 'summary', 'aria-live': 'polite' }, h('span', { class: 'model' }, history.run), ` · ${status}`),
    chart('training-loss', 'Training loss (per step)', 'step', history.loss, lossSummary(history.loss), false),
    chart(
      'validation-metric',
      `Validation ${history.metric || 'metric'} (per epoch)`,
      'epoch',
      history.validation,
      lastVal ? `Validation ${history.metric} ${lastVal[1].toFixed(3)} after epoch ${lastVal[0]}` : 'No validation yet',
      true,
    ),
  );
}

function chart(
  id: string,
  title: string,
  xName: string,
  points: readonly [number, number][],
  summary: string,
  dots: boolean,
): HTMLElement {
  const x = linearScale(
    extentOf(
      points.map((p) => p[0]),
      xName === 'epoch',
    ),
    BOX.left,
    BOX.left + BOX.width,
  );
  const y = linearScale(extent(points.map((p) => p[1])), BOX.top + BOX.height, BOX.top);
  const svg = s('svg', {
    id,
    class: 'chart',
    viewBox: `0 0 ${W} ${H}`,
    role: 'img',
    'aria-label': `${title}: ${summary}`,
  });
  for (const v of niceTicks(...y.domain)) {
    svg.append(
      s('line', { class: 'grid-line', x1: BOX.left, x2: BOX.left + BOX.width, y1: y.map(v), y2: y.map(v) }),
      s('text', { class: 'tick', x: BOX.left - 4, y: y.map(v) + 3, 'text-anchor': 'end' }, tickLabel(v)),
    );
  }
  for (const v of niceTicks(...x.domain).filter((v) => xName !== 'epoch' || Number.isInteger(v))) {
    svg.append(
      s('text', { class: 'tick', x: x.map(v), y: BOX.top + BOX.height + 12, 'text-anchor': 'middle' }, tickLabel(v)),
    );
  }
  svg.append(
    s('rect', { class: 'frame', x: BOX.left, y: BOX.top, width: BOX.width, height: BOX.height }),
    s('text', { class: 'axis-name', x: BOX.left + BOX.width, y: H - 2, 'text-anchor': 'end' }, xName),
  );
  if (points.length) svg.append(s('path', { class: `curve ${id}`, d: linePath(points, x, y) }));
  if (dots)
    for (const [a, b] of points)
      svg.append(
        s(
          'circle',
          { class: `dot ${id}`, cx: x.map(a), cy: y.map(b), r: 2.5 },
          s('title', {}, `${xName} ${a}: ${b.toFixed(4)}`),
        ),
      );
  return h('figure', { class: 'chart-figure' }, h('figcaption', {}, title), svg);
}

/** The x range (linearScale widens a single point); epochs start at 1. */
function extentOf(values: readonly number[], epochs: boolean): [number, number] {
  if (!values.length) return epochs ? [1, 2] : [0, 1];
  return [Math.min(...values), Math.max(...values)];
}
