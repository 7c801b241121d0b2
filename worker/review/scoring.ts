/**
 * Scores that need no model: a choice answer against the question's correct options, and scale
 * answers into a trait (or scenario) profile. The same numbers feed the session page, compare
 * and the CSV export.
 */
import type { SnapshotQuestion } from '../schemas/interviews';
import type { ScaleDimension } from '../schemas/review';

type ChoiceQuestion = Extract<SnapshotQuestion, { type: 'choice' }>;
type ScaleQuestion = Extract<SnapshotQuestion, { type: 'scale' }>;

export interface ChoiceScore {
  chosen: { id: string; label: string; correct: boolean | null }[];
  points: number | null;
  maxPoints: number | null;
}

/** All or nothing: the points are earned when exactly the correct options are chosen. */
export function scoreChoice(question: ChoiceQuestion, chosenIds: readonly string[]): ChoiceScore {
  const correct = new Set(question.correctOptionIds);
  const scored = correct.size > 0;
  const labels = new Map(question.options.map((o) => [o.id, o.label]));
  const chosen = chosenIds.map((id) => ({ id, label: labels.get(id) ?? id, correct: scored ? correct.has(id) : null }));
  if (!scored) return { chosen, points: null, maxPoints: null };
  const exact = chosenIds.length === correct.size && chosenIds.every((id) => correct.has(id));
  return { chosen, points: exact ? question.points : 0, maxPoints: question.points };
}

export interface ScaleScore {
  profile: ScaleDimension[];
  score: number;
  maxScore: number;
}

const traitKey = (trait: string) => trait.trim().toLowerCase();

/**
 * Each item scores its step (1..steps), or steps + 1 - step for a reverse-keyed item, into its
 * trait. Items without an answer score nothing and add nothing to the maximum.
 */
export function scoreScale(question: ScaleQuestion, steps: Readonly<Record<string, number>>): ScaleScore {
  const byKey = new Map<string, ScaleDimension>();
  let score = 0;
  let maxScore = 0;
  for (const item of question.items) {
    const step = steps[item.id];
    if (step === undefined || !Number.isInteger(step) || step < 1 || step > question.steps) continue;
    const points = item.reverse ? question.steps + 1 - step : step;
    const key = traitKey(item.trait);
    const dimension = byKey.get(key) ?? { key, label: item.trait.trim(), score: 0, max: 0 };
    dimension.score += points;
    dimension.max += question.steps;
    byKey.set(key, dimension);
    score += points;
    maxScore += question.steps;
  }
  return { profile: [...byKey.values()], score, maxScore };
}

/** The session's profile: every scale question's dimensions added up, in the order first met. */
export function mergeProfiles(profiles: readonly (readonly ScaleDimension[])[]): ScaleDimension[] {
  const byKey = new Map<string, ScaleDimension>();
  for (const profile of profiles) {
    for (const dimension of profile) {
      const sum = byKey.get(dimension.key) ?? { key: dimension.key, label: dimension.label, score: 0, max: 0 };
      sum.score += dimension.score;
      sum.max += dimension.max;
      byKey.set(dimension.key, sum);
    }
  }
  return [...byKey.values()];
}

/** Mean to two decimals; null when there is nothing to average. */
export function average(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100;
}
