// The learning rate step by step: an optional warm-up followed by inverse-square-root decay (Vaswani
// et al. 2017, section 5.3), under the time budget's own decay (budget.ts).
import type { Budget } from './budget';

/**
 * The factor on the base rate for the step about to run (0-based `step`): rising linearly to 1 over
 * `warmupSteps`, then sqrt(warmupSteps / step). The paper's d_model^-0.5 scale is the base rate here
 * (--lr), so the rate peaks at it. 1 throughout without warm-up.
 */
export function warmupFactor(step: number, warmupSteps: number): number {
  if (warmupSteps <= 0) return 1;
  const s = step + 1;
  return Math.min(s / warmupSteps, Math.sqrt(warmupSteps / s));
}

export function scheduledLearningRate(
  base: number,
  step: number,
  warmupSteps: number,
  budget: Budget,
  plateaus: number,
): number {
  return budget.learningRate(base * warmupFactor(step, warmupSteps), plateaus);
}
