// A wall-clock budget for a training run: how much time is left, what the learning rate is at this
// point of the budget, and how much of the rest must be kept for the final validation, the saves
// and the test evaluation, so that a run asked for 10 minutes returns in 10 minutes.

import type { BudgetDecay } from '../options';

/**
 * `steps`: learning-rate decay at fixed fractions of the budget, x0.5 from 70%, x0.25 from 85%. This is
 * the schedule the G2P benchmark applied by hand (bench/g2p/run.ts) and the PyTorch peer uses.
 * `cosine`: a half cosine from 1 at the start to 0 at the budget's end (Loshchilov & Hutter 2017,
 * without restarts). Both are tied to elapsed time, not steps, because the number of steps a budget
 * buys is unknown in advance.
 * `plateau`: `steps`, and x0.5 more for every validation so far that did not improve on the best (Joey
 * NMT's reduce-on-plateau, patience 1). A long budget at a constant rate wastes its middle: the first
 * 2-hour G2P run sat at dev WER 27-30 from minute 20 to 84 and gained only after each decay.
 */
export const STEP_DECAY: readonly { at: number; factor: number }[] = [
  { at: 0.7, factor: 0.5 },
  { at: 0.85, factor: 0.25 },
];

export function budgetLearningRate(
  base: number,
  elapsedSeconds: number,
  budgetSeconds: number,
  decay: BudgetDecay = 'steps',
  plateaus = 0,
): number {
  if (budgetSeconds <= 0) return base;
  const fraction = Math.min(1, elapsedSeconds / budgetSeconds);
  if (decay === 'cosine') return base * 0.5 * (1 + Math.cos(Math.PI * fraction));
  const point = [...STEP_DECAY].reverse().find((p) => fraction >= p.at);
  const plateau = decay === 'plateau' ? 0.5 ** plateaus : 1;
  return base * (point?.factor ?? 1) * plateau;
}

/** Milliseconds on a monotonic clock; tests pass their own to make time pass deterministically. */
export type Clock = () => number;
export const realClock: Clock = () => performance.now();

export class Budget {
  /**
   * @param seconds the whole budget, 0 for none
   * @param spentBefore seconds an earlier part of the run spent (from the checkpoint)
   * @param startedAt when this part started on `clock` (the train()/resume() call, so setup counts)
   */
  constructor(
    readonly seconds: number,
    private readonly spentBefore: number,
    private readonly startedAt: number,
    private readonly clock: Clock,
    private readonly decay: BudgetDecay = 'steps',
  ) {}

  get limited(): boolean {
    return this.seconds > 0;
  }

  /** Seconds spent by the whole run, earlier parts included. */
  elapsed(): number {
    return this.spentBefore + (this.clock() - this.startedAt) / 1000;
  }

  remaining(): number {
    return this.limited ? this.seconds - this.elapsed() : Infinity;
  }

  /** `plateaus`: validations so far that did not improve on the best (the `plateau` decay counts them). */
  learningRate(base: number, plateaus: number): number {
    return budgetLearningRate(base, this.elapsed(), this.seconds, this.decay, plateaus);
  }
}

/**
 * What evaluation and saving cost, measured as the run goes (the machine is shared, so nothing is
 * assumed up front beyond a first guess from the step time). All in seconds.
 */
export class EvalCost {
  private save = 0;
  /**
   * The last few step times: their median is the estimate, so one slow step (a GC pause, a neighbour's burst) does not
   * end a run early.
   */
  private steps: number[] = [];

  /** `perExample`: what an earlier part of the run measured, if anything. */
  constructor(private perExample: number | null = null) {}

  /** Seconds per evaluated example, once measured. */
  get measured(): number | undefined {
    return this.perExample ?? undefined;
  }

  recordStep(seconds: number): void {
    this.steps.push(seconds);
    if (this.steps.length > STEP_WINDOW) this.steps.shift();
  }

  recordEvaluation(seconds: number, examples: number): void {
    if (examples > 0) this.perExample = seconds / examples;
  }

  recordSave(seconds: number): void {
    this.save = Math.max(this.save, seconds);
  }

  /**
   * Before the first validation: decoding one example costs about as much as training on one (a guess on the safe
   * side).
   */
  secondsPerExample(batchSize: number): number {
    return this.perExample ?? this.stepSeconds / Math.max(1, batchSize);
  }

  /** Time to decode `examples`. */
  decoding(examples: number, batchSize: number): number {
    return examples * this.secondsPerExample(batchSize);
  }

  /** Time to evaluate `examples` and save the best model and the checkpoint. */
  evaluation(examples: number, batchSize: number): number {
    return this.decoding(examples, batchSize) + 2 * this.save;
  }

  /** The number of examples whose evaluation fits in `seconds` (after the saves). */
  fitting(seconds: number, batchSize: number): number {
    const per = this.secondsPerExample(batchSize);
    return per > 0 ? Math.max(0, Math.floor((seconds - 2 * this.save) / per)) : Infinity;
  }

  /** The time one more step takes: the median of the last STEP_WINDOW. */
  get stepSeconds(): number {
    if (!this.steps.length) return 0;
    const sorted = [...this.steps].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
  }
}

const STEP_WINDOW = 9;

/** Share of the budget the test evaluation may take at most: beyond it, the test set is sampled (a prefix). */
export const TEST_SHARE = 0.1;

/** A run's budget, its measured costs and the sizes of its held-out sets: what the decisions below weigh. */
export interface BudgetPlan {
  budget: Budget;
  cost: EvalCost;
  batchSize: number;
  /** Validation examples a full pass decodes. */
  valid: number;
  /** Test examples the split holds. */
  test: number;
}

/** The test examples the budget keeps room for: all of them, or what fits in TEST_SHARE of it. */
function testPlanned(p: BudgetPlan): number {
  return Math.min(p.test, p.cost.fitting(TEST_SHARE * p.budget.seconds, p.batchSize));
}

/** True when one more step would leave too little for the final validation, the saves and the test. */
export function outOfTime(p: BudgetPlan): boolean {
  if (!p.budget.limited) return false;
  return p.budget.remaining() < p.cost.stepSeconds + p.cost.evaluation(p.valid + testPlanned(p), p.batchSize);
}

/**
 * How many validation examples to decode. Without a budget, or with time enough, all of them.
 * Otherwise none when a best model exists (it stands; a shortened pass would compare another sample
 * with it), and a prefix that fits (at least one example) when none does: a run must leave a model.
 */
export function validationCount(p: BudgetPlan, hasBest: boolean): number {
  if (!p.budget.limited) return p.valid;
  const left = p.budget.remaining() - p.cost.decoding(testPlanned(p), p.batchSize);
  if (p.cost.evaluation(p.valid, p.batchSize) <= left) return p.valid;
  if (hasBest) return 0;
  return Math.max(1, Math.min(p.valid, p.cost.fitting(left, p.batchSize)));
}

/**
 * How many test examples to score: all without a budget; under one, what fits in TEST_SHARE of it and the time left
 * (at least one).
 */
export function testCount(p: BudgetPlan): number {
  if (!p.budget.limited) return p.test;
  const fits = p.cost.fitting(Math.min(TEST_SHARE * p.budget.seconds, p.budget.remaining()), p.batchSize);
  return Math.max(1, Math.min(p.test, fits));
}

/** Parses "90", "90s", "10m", "1.5h" into seconds; undefined when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(s|m|h)?\s*$/i.exec(text);
  if (!m) return undefined;
  const unit = { s: 1, m: 60, h: 3600 }[(m[2] ?? 's').toLowerCase() as 's' | 'm' | 'h'];
  return Number(m[1]) * unit;
}

/** 600 -> "10m", 90 -> "1m 30s": for messages. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return s % 60 ? `${Math.floor(s / 60)}m ${s % 60}s` : `${s / 60}m`;
  const m = Math.round((s % 3600) / 60);
  return m ? `${Math.floor(s / 3600)}h ${m}m` : `${s / 3600}h`;
}
