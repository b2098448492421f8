// Progress events a training run reports; the CLI's progress bar and the extension's UI consume them.
export type TrainEvent =
  | {
    type: 'start'; totalSteps: number; stepsPerEpoch: number; parameters: number; backend: string;
    examples: { train: number; valid: number; test: number };
    /** Training pairs dropped for exceeding the maximum length. */
    tooLong: number;
    /** Pairs dropped for length in every split (held-out pairs are bounded too). */
    dropped?: { train: number; valid: number; test: number };
    resumedFrom?: { epoch: number; step: number };
  }
  | {
    type: 'step'; epoch: number; step: number; stepInEpoch: number; stepsPerEpoch: number; totalSteps: number;
    loss: number; tokensPerSecond: number; elapsedSeconds: number; etaSeconds: number;
  }
  | { type: 'validation'; epoch: number; step: number; metrics: Record<string, number>; metric: string; best: number | null; improved: boolean }
  | { type: 'checkpoint'; epoch: number; step: number }
  | {
    type: 'done'; reason: 'completed' | 'early-stopped' | 'cancelled'; epoch: number; step: number;
    best: number | null; metric: string; test?: Record<string, number>;
  };
