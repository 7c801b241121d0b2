/**
 * What a candidate should know before starting (the intro page): how many questions of each kind,
 * roughly how long it takes, and what the device needs. Computed by the Worker for the link's
 * public details (`GET /api/links/:token`), so the intro can be painted before any script runs.
 */
import type { QuestionType } from './questions';

export type DeviceNeed = 'camera' | 'microphone' | 'keyboard';

export interface InterviewOutline {
  /** Questions of each type, in the order the types first appear in the interview. */
  counts: { type: QuestionType; count: number }[];
  /** The estimate in whole minutes, rounded up (at least 1 when there is any question). */
  estimatedMinutes: number;
  needs: DeviceNeed[];
}

/** Just what the estimate reads of a question: both the interview's copy and the candidate's fit. */
type SizedQuestion =
  | { type: 'video' | 'audio'; thinkTimeSeconds: number; maxAnswerSeconds: number }
  | { type: 'text'; wordLimit: number | null }
  | { type: 'choice'; options: readonly unknown[] }
  | { type: 'scale'; items: readonly unknown[] }
  | { type: 'code' };

/** Typing and thinking on a phone: about 20 words a minute. */
const SECONDS_PER_WORD = 3;
/** A text answer without a word limit: a few paragraphs. */
const TEXT_WITHOUT_LIMIT_SECONDS = 5 * 60;
const TEXT_MIN_SECONDS = 60;
const TEXT_MAX_SECONDS = 30 * 60;
/** Reading the question, then each option. */
const CHOICE_BASE_SECONDS = 20;
const CHOICE_PER_OPTION_SECONDS = 5;
const SCALE_BASE_SECONDS = 10;
const SCALE_PER_ITEM_SECONDS = 10;
/** A small program with its tests: the question says more, this is a fair middle. */
const CODE_SECONDS = 15 * 60;

/**
 * Seconds one question takes at most for a recorded answer (think time plus the maximum length of
 * one take: a retake is the candidate's choice), and a fair estimate for the others.
 */
export function questionSeconds(question: SizedQuestion): number {
  switch (question.type) {
    case 'video':
    case 'audio':
      return question.thinkTimeSeconds + question.maxAnswerSeconds;
    case 'text':
      return question.wordLimit === null ? TEXT_WITHOUT_LIMIT_SECONDS : Math.min(TEXT_MAX_SECONDS, Math.max(TEXT_MIN_SECONDS, question.wordLimit * SECONDS_PER_WORD));
    case 'choice':
      return CHOICE_BASE_SECONDS + question.options.length * CHOICE_PER_OPTION_SECONDS;
    case 'scale':
      return SCALE_BASE_SECONDS + question.items.length * SCALE_PER_ITEM_SECONDS;
    case 'code':
      return CODE_SECONDS;
    default:
      return question satisfies never;
  }
}

export function interviewOutline(questions: readonly SizedQuestion[]): InterviewOutline {
  const counts = new Map<QuestionType, number>();
  for (const q of questions) counts.set(q.type, (counts.get(q.type) ?? 0) + 1);
  const seconds = questions.reduce((total, q) => total + questionSeconds(q), 0);
  const needs: DeviceNeed[] = [];
  if (counts.has('video')) needs.push('camera');
  if (counts.has('video') || counts.has('audio')) needs.push('microphone');
  if (counts.has('code')) needs.push('keyboard');
  return {
    counts: [...counts].map(([type, count]) => ({ type, count })),
    estimatedMinutes: Math.ceil(seconds / 60),
    needs,
  };
}
