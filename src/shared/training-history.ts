// What the Training tab plots, folded from the trainer's events. Pure: the host keeps one to re-post
// after the view was hidden, the webview folds the live events into its own copy.
import type { TrainEvent } from '../core/train/events';

export interface TrainingHistory {
  run: string;
  totalSteps: number;
  /** [step, loss]; thinned to at most MAX_LOSS_POINTS so a long run stays cheap to keep and draw. */
  loss: [number, number][];
  /** Every step's loss is reported; only every `stride`-th is kept. Doubles when the list is full. */
  stride: number;
  /** The validation metric per epoch: [epoch, value]. */
  validation: [number, number][];
  metric: string;
  epoch: number;
  step: number;
  status: 'running' | 'completed' | 'early-stopped' | 'time-up' | 'cancelled';
  /** A run under a time budget: its seconds, and how many are spent (the step total is then no bound). */
  budget?: { seconds: number; elapsedSeconds: number };
}

export const MAX_LOSS_POINTS = 1000;

/** The history after one more event; a 'start' of another run begins a new history. */
export function foldTrainEvent(history: TrainingHistory | null, event: TrainEvent & { run: string }): TrainingHistory {
  // A resumed run continues its curves; any other start begins empty ones.
  const fresh = !history || history.run !== event.run || (event.type === 'start' && !event.resumedFrom);
  const h: TrainingHistory = fresh
    ? {
        run: event.run,
        totalSteps: 0,
        loss: [],
        stride: 1,
        validation: [],
        metric: '',
        epoch: 0,
        step: 0,
        status: 'running',
      }
    : event.type === 'start'
      ? { ...history, status: 'running' }
      : history;
  switch (event.type) {
    case 'start':
      return { ...h, totalSteps: event.totalSteps, budget: event.timeBudget && { ...event.timeBudget } };
    case 'step': {
      const budget = h.budget && { ...h.budget, elapsedSeconds: event.elapsedSeconds };
      return {
        ...h,
        ...addLoss(h, event.step, event.loss),
        epoch: event.epoch,
        step: event.step,
        totalSteps: event.totalSteps,
        budget,
      };
    }
    case 'validation': {
      const value = event.metrics[event.metric];
      if (typeof value !== 'number' || !Number.isFinite(value)) return { ...h, metric: event.metric };
      // A resumed run can report an epoch again: the newer value replaces the older one.
      const validation = [...h.validation.filter(([e]) => e !== event.epoch), [event.epoch, value] as [number, number]];
      return { ...h, metric: event.metric, validation, epoch: event.epoch };
    }
    case 'checkpoint':
      return h;
    case 'done':
      return { ...h, status: event.reason, epoch: event.epoch, step: event.step };
  }
}

function addLoss(h: TrainingHistory, step: number, loss: number): Pick<TrainingHistory, 'loss' | 'stride'> {
  if (!Number.isFinite(loss) || step % h.stride !== 0) return { loss: h.loss, stride: h.stride };
  const loss2 = [...h.loss.filter(([s]) => s < step), [step, loss] as [number, number]];
  if (loss2.length <= MAX_LOSS_POINTS) return { loss: loss2, stride: h.stride };
  const stride = h.stride * 2;
  return { loss: loss2.filter(([s]) => s % stride === 0), stride };
}
