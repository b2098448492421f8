// Progress events a training run reports; the CLI's progress bar and the extension's UI consume them.
import type { TargetKind } from '../metrics/summary';

export type TrainEvent =
  | {
      type: 'start';
      totalSteps: number;
      stepsPerEpoch: number;
      parameters: number;
      backend: string;
      examples: { train: number; valid: number; test: number };
      /** Training pairs dropped for exceeding the maximum length. */
      tooLong: number;
      /** Pairs dropped for length in every split (held-out pairs are bounded too). */
      dropped?: { train: number; valid: number; test: number };
      resumedFrom?: { epoch: number; step: number };
      /** The wall-clock budget in seconds (absent: none) and what earlier parts of the run spent of it. */
      timeBudget?: { seconds: number; elapsedSeconds: number };
      /** What the target side is, so summaries lead with the metrics that mean something for it. */
      task?: TargetKind;
      /** Lines explaining an automatic configuration (--preset auto), for the person to read. */
      plan?: string[];
    }
  | {
      type: 'step';
      epoch: number;
      step: number;
      stepInEpoch: number;
      stepsPerEpoch: number;
      totalSteps: number;
      /**
       * elapsedSeconds: the whole run's, earlier (resumed) parts and set-up included; etaSeconds: to the end of the
       * epochs or of the budget.
       */
      loss: number;
      tokensPerSecond: number;
      elapsedSeconds: number;
      etaSeconds: number;
      /** The learning rate this step used (it decays over a time budget). */
      learningRate?: number;
    }
  | {
      type: 'validation';
      epoch: number;
      step: number;
      metrics: Record<string, number>;
      metric: string;
      best: number | null;
      improved: boolean;
    }
  | { type: 'checkpoint'; epoch: number; step: number }
  | {
      type: 'done';
      reason: TrainEndReason;
      epoch: number;
      step: number;
      best: number | null;
      metric: string;
      test?: Record<string, number>;
      /** Set when the budget left room for only part of the test split. */
      testExamples?: { evaluated: number; of: number };
    };

/** 'time-up': the wall-clock budget is spent (the best model is kept and tested as after 'completed'). */
export type TrainEndReason = 'completed' | 'early-stopped' | 'time-up' | 'cancelled';
