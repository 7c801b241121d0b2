/**
 * Rubric assessment of recorded, text and code answers against what the recruiter wrote in "What
 * a good answer covers": the criteria, when an answer is too thin to judge (never a guess), the
 * checks a model's answer must pass (its evidence is quoted from the answer), where in a recording
 * the evidence is said, and the scores.
 */

import type { AnswerAssessment, CriterionResult, RubricVerdict, TranscriptView } from '../schemas/analysis';
import type { SnapshotQuestion } from '../schemas/interviews';
import { countWords } from '../schemas/limits';
import type { ModelAssessment } from './provider';

const MAX_CRITERIA = 12;
/** Less speech than this in a recording, or fewer words than this in any answer: insufficient data. */
export const MIN_SPEAKING_MS = 3_000;
const MIN_WORDS = 5;
const MIN_CODE_CHARS = 20;

/** One criterion per line of "What a good answer covers", list markers dropped. */
export function criteriaOf(question: SnapshotQuestion): string[] {
  const text = question.goodAnswer ?? '';
  return text
    .split('\n')
    .map((line) => line.replace(/^\s*(?:[-*•]|\d+[.)])\s*/, '').trim())
    .filter(Boolean)
    .slice(0, MAX_CRITERIA);
}

/** Why this answer is too thin to judge, or null when it is not. */
export function thinness(kind: 'transcript' | 'text' | 'code', answer: string): string | null {
  if (kind === 'code') return answer.trim().length < MIN_CODE_CHARS ? 'The code answer is empty or too short to assess.' : null;
  const words = countWords(answer);
  if (words >= MIN_WORDS) return null;
  return kind === 'transcript' ? `The transcript has ${words} word${words === 1 ? '' : 's'}: too little speech to assess.` : 'The written answer is empty or too short to assess.';
}

const normalize = (text: string) =>
  text
    .toLowerCase()
    .replace(/[\s"'“”‘’`]+/g, ' ')
    .trim();

/** Checks a parsed model answer: every criterion answered once, every quote really in the answer. */
export function assessmentProblem(criteria: readonly string[], answer: string, model: ModelAssessment): string | null {
  if (model.insufficientData) return null;
  const indexes = model.criteria.map((c) => c.index).sort((a, b) => a - b);
  if (indexes.length !== criteria.length || indexes.some((index, i) => index !== i)) return `it must judge each of the ${criteria.length} criteria once`;
  const haystack = normalize(answer);
  const invented = model.criteria.find((c) => c.evidence.trim() !== '' && !haystack.includes(normalize(c.evidence)));
  if (invented) return `the evidence for criterion ${invented.index} is not quoted from the answer`;
  const unsupported = model.criteria.find((c) => c.verdict !== 'not_met' && c.evidence.trim() === '');
  if (unsupported) return `criterion ${unsupported.index} is judged ${unsupported.verdict} without evidence`;
  return null;
}

const POINTS: Record<RubricVerdict, number> = { met: 1, partly: 0.5, not_met: 0 };

/** Where the quote starts in the recording: the transcript segment that holds its beginning. */
function evidenceAt(transcript: TranscriptView, evidence: string): number | null {
  const quote = normalize(evidence);
  if (!quote) return null;
  const head = quote.slice(0, 40);
  const hit = transcript.segments.find((s) => normalize(s.text).includes(head) || head.includes(normalize(s.text)));
  if (hit) return hit.startMs;
  // A quote spanning two segments: the segment holding its first words.
  const first = quote.split(' ').slice(0, 4).join(' ');
  return transcript.segments.find((s) => normalize(s.text).includes(first))?.startMs ?? null;
}

export function assessmentOf(criteria: readonly string[], model: ModelAssessment, transcript: TranscriptView | null): AnswerAssessment {
  if (model.insufficientData) return { status: 'insufficient_data', reason: 'The model found the answer too thin to judge.' };
  const results: CriterionResult[] = [...model.criteria]
    .sort((a, b) => a.index - b.index)
    .map((c) => ({
      criterion: criteria[c.index] ?? '',
      verdict: c.verdict,
      evidence: c.evidence.trim(),
      atMs: transcript && c.evidence.trim() ? evidenceAt(transcript, c.evidence) : null,
    }));
  const score = Math.round((results.reduce((sum, r) => sum + POINTS[r.verdict], 0) / Math.max(1, results.length)) * 100);
  return { status: 'assessed', score, criteria: results, summary: model.summary };
}
