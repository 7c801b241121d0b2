/**
 * The CSV export of an interview's sessions: one row per session with the candidate, the state,
 * when it was created and completed, each question's average rating, the choice and scale scores,
 * code questions' tests passed of total (the latest run a reviewer stored), the overall average
 * and every reviewer's recommendation. Everything comes from D1 (scores are
 * mirrored there by each session's object), so exporting 10,000 sessions wakes no object.
 */
import Papa from 'papaparse';
import { listInterviewCodeScores } from '../db/code-scores';
import { type InterviewRow, snapshotInterview } from '../db/interviews';
import { listExportSessions, listInterviewRatings, listInterviewRecommendations, listInterviewScores } from '../db/reviews';
import { isSessionState, SESSION_STATE_LABELS } from '../state/session-states';
import { mergeProfiles } from './scoring';

/**
 * A cell a spreadsheet would run as a formula (CSV injection, OWASP): =, +, -, @ (also their
 * full-width forms, and after leading blanks), tab or carriage return first. Such text gets a
 * leading apostrophe. Numbers are written as numbers and never touched.
 */
const FORMULA_START = /^(?:[\s\u3000]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|[\t\r])/u;

const isoTime = (ms: number | null) => (ms === null ? '' : new Date(ms).toISOString());
const mean = (sum: number, count: number) => (count === 0 ? '' : Math.round((sum / count) * 100) / 100);

export async function interviewCsv(db: D1Database, interview: InterviewRow): Promise<string> {
  const [snapshot, sessions, ratings, scores, recommendations, codeScores] = await Promise.all([
    snapshotInterview(db, interview.orgId, interview.id),
    listExportSessions(db, interview.orgId, interview.id),
    listInterviewRatings(db, interview.orgId, interview.id),
    listInterviewScores(db, interview.orgId, interview.id),
    listInterviewRecommendations(db, interview.orgId, interview.id),
    listInterviewCodeScores(db, interview.orgId, interview.id),
  ]);

  // Columns follow the interview's current questions; a question only older sessions were
  // asked (the interview was edited since) still gets its columns, after them.
  const titles = new Map((snapshot?.questions ?? []).map((q, i) => [q.id, `Q${i + 1} ${q.title}`]));
  for (const id of [...ratings.map((r) => r.questionId), ...scores.map((s) => s.questionId), ...codeScores.map((s) => s.questionId)]) {
    if (!titles.has(id)) titles.set(id, `Question ${id}`);
  }
  const questionIds = [...titles.keys()];
  const scoredIds = questionIds.filter((id) => scores.some((s) => s.questionId === id));
  const testedIds = questionIds.filter((id) => codeScores.some((s) => s.questionId === id));
  const traits = mergeProfiles(scores.flatMap((s) => (s.profile ? [s.profile] : [])));

  const ratingsBy = new Map(ratings.map((r) => [`${r.sessionId} ${r.questionId}`, r]));
  const scoresBy = new Map(scores.map((s) => [`${s.sessionId} ${s.questionId}`, s]));
  const codeScoresBy = new Map(codeScores.map((s) => [`${s.sessionId} ${s.questionId}`, s]));
  const recommendationsBy = new Map<string, string[]>();
  for (const r of recommendations) recommendationsBy.set(r.sessionId, [...(recommendationsBy.get(r.sessionId) ?? []), `${r.recommendation} (${r.reviewerName})`]);

  const header = [
    'Candidate',
    'Email',
    'Status',
    'Created',
    'Completed',
    ...questionIds.map((id) => `${titles.get(id)}: average rating`),
    ...scoredIds.map((id) => `${titles.get(id)}: score`),
    ...scoredIds.map((id) => `${titles.get(id)}: max score`),
    ...testedIds.map((id) => `${titles.get(id)}: tests passed`),
    ...testedIds.map((id) => `${titles.get(id)}: tests total`),
    ...traits.map((t) => `Trait ${t.label} (%)`),
    'Average rating',
    'Recommendations',
    'Practice',
    'Retake of',
    'Session',
  ];

  const rows = sessions.map((session) => {
    let sum = 0;
    let count = 0;
    const questionAverages = questionIds.map((id) => {
      const r = ratingsBy.get(`${session.id} ${id}`);
      if (!r) return '';
      sum += r.ratingSum;
      count += r.ratingCount;
      return mean(r.ratingSum, r.ratingCount);
    });
    const sessionScores = scoredIds.map((id) => scoresBy.get(`${session.id} ${id}`));
    const sessionTests = testedIds.map((id) => codeScoresBy.get(`${session.id} ${id}`));
    const profile = mergeProfiles(sessionScores.flatMap((s) => (s?.profile ? [s.profile] : [])));
    const traitCells = traits.map((t) => {
      const mine = profile.find((p) => p.key === t.key);
      return mine && mine.max > 0 ? Math.round((mine.score / mine.max) * 100) : '';
    });
    return [
      session.candidateName,
      session.candidateEmail ?? '',
      isSessionState(session.status) ? SESSION_STATE_LABELS[session.status] : session.status,
      isoTime(session.createdAt),
      isoTime(session.finishedAt),
      ...questionAverages,
      ...sessionScores.map((s) => s?.score ?? ''),
      ...sessionScores.map((s) => s?.maxScore ?? ''),
      ...sessionTests.map((s) => s?.passed ?? ''),
      ...sessionTests.map((s) => s?.total ?? ''),
      ...traitCells,
      mean(sum, count),
      (recommendationsBy.get(session.id) ?? []).join('; '),
      session.practice ? 'yes' : '',
      session.retakeOf ?? '',
      session.id,
    ];
  });

  // A byte order mark so Excel reads UTF-8 names right; CRLF as RFC 4180 says.
  return `\uFEFF${Papa.unparse([header, ...rows], { escapeFormulae: FORMULA_START, newline: '\r\n' })}\r\n`;
}
