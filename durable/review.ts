/**
 * The session object's part in reviewing: it mirrors the scores that need no model to D1 as
 * answers arrive (so the CSV export reads D1 only), and hands the review page everything it
 * holds in one call.
 */
import { saveAnswerScores } from '../worker/db/reviews';
import { answerScores, type StoredAnswer } from '../worker/review/answers';
import type { SessionIdentity, SessionStore } from './store';

export type { ReviewMaterial } from '../worker/review/material';

/**
 * Writes the scores of answered choice and scale questions to D1. Answers never change, so a
 * score written once stays; only a grown count of scored answers sends anything. Throws when D1
 * fails, so the summary mirror that calls it is retried by the alarm.
 */
export async function mirrorAnswerScores(db: D1Database, store: SessionStore, identity: SessionIdentity, answers: () => Record<string, StoredAnswer>): Promise<void> {
  const questions = store.questions();
  // Read (and parsed) only for an interview that has scored questions: this runs with every summary mirror.
  if (!questions?.some((q) => q.type === 'choice' || q.type === 'scale')) return;
  const scores = answerScores({ sessionId: identity.sessionId, questions, answers: answers() });
  if (scores.length <= Number(store.meta('scores_mirrored') ?? 0)) return;
  await saveAnswerScores(db, identity, scores);
  store.setMeta('scores_mirrored', String(scores.length));
}
