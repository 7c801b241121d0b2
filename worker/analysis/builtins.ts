/**
 * The analyzers that need no model, always on: choice scores and the scale profile (the review
 * page's own scoring, worker/review/answers.ts, reused), code test results (when the session
 * object holds reviewer-run tests), and per answer: time taken, length of the take, retakes used
 * and the speaking time and long silences the device measured.
 */

import { reviewedAnswers } from '../review/answers';
import type { ReviewMaterial } from '../review/material';
import type { AnswerMeasures, BuiltinResults, CodeTestResult, SpeechLevels } from '../schemas/analysis';
import { measureTake } from './speech';

export interface BuiltinInput {
  sessionId: string;
  material: ReviewMaterial;
  startedAt: number | null;
  /** The levels each segment's device sent with its finish, by segment id. */
  levels: ReadonlyMap<string, SpeechLevels>;
  codeTests: CodeTestResult[] | null;
}

/** The submitted take's segment ids of a recorded answer's stored value. */
export function takeSegments(value: unknown): string[] {
  const ids = (value as { recording?: { segments?: unknown } } | null)?.recording?.segments;
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
}

export function builtinResults(input: BuiltinInput): BuiltinResults {
  const { material } = input;
  const questions = material.questions ?? [];
  const reviewed = reviewedAnswers({ sessionId: input.sessionId, questions, answers: material.answers, manifest: material.manifest }, [], '');
  const choice = reviewed.answers.flatMap((a) =>
    a.answer?.type === 'choice' ? [{ questionId: a.question.id, title: a.question.title, points: a.answer.points, maxPoints: a.answer.maxPoints }] : [],
  );
  const segments = new Map(material.manifest.segments.map((s) => [s.segmentId, s]));
  let previous = input.startedAt;
  const answers = questions.map((question): AnswerMeasures => {
    const stored = material.answers[question.id];
    const timeTakenMs = stored && previous !== null ? Math.max(0, stored.answeredAt - previous) : null;
    if (stored) previous = stored.answeredAt;
    const base = { questionId: question.id, title: question.title, type: question.type, timeTakenMs };
    if (question.type !== 'video' && question.type !== 'audio') return { ...base, recordedMs: null, retakesUsed: null, attemptsAllowed: null, speech: null };
    const take = stored ? takeSegments(stored.value) : [];
    const inTake = new Set(take);
    const retakesUsed = stored ? material.manifest.segments.filter((s) => s.answerId === question.id && !inTake.has(s.segmentId)).length : null;
    const parts = take.map((id) => ({ levels: input.levels.get(id) ?? null, durationMs: segments.get(id)?.recording?.durationMs ?? 0 }));
    return {
      ...base,
      recordedMs: stored ? parts.reduce((sum, p) => sum + p.durationMs, 0) : null,
      retakesUsed,
      attemptsAllowed: question.attempts,
      speech: measureTake(parts),
    };
  });
  // Closing the tab after the last answer is not time away from the interview.
  const before = material.completedAt ?? Number.POSITIVE_INFINITY;
  const away = material.disconnects.filter((d) => d.startedAt < before);
  const timeAwayMs = away.reduce((sum, d) => sum + Math.max(0, Math.min(d.endedAt ?? before, before) - d.startedAt), 0);
  return { choice, scaleProfile: reviewed.scaleProfile, codeTests: input.codeTests, answers, timeAwayMs: Number.isFinite(timeAwayMs) ? timeAwayMs : 0, disconnects: away.length };
}
