import type { CandidateQuestion } from '../lib/candidateApi';

/** What the candidate screens need of a question, whatever the bank stores beside it. */
export type QuestionView =
  | { type: 'video' | 'audio'; id: string; title: string; prompt: string; thinkTimeSeconds: number; maxAnswerSeconds: number; attempts: number; mayReviewTake: boolean }
  | { type: 'text'; id: string; title: string; prompt: string; wordLimit: number | null }
  | { type: 'choice'; id: string; title: string; prompt: string; multiple: boolean; options: { id: string; label: string }[] }
  | { type: 'scale'; id: string; title: string; prompt: string; steps: number; anchors: { low: string; high: string }; items: { id: string; statement: string }[] }
  | { type: 'code'; id: string; title: string; prompt: string };

const num = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
const str = (v: unknown, fallback = '') => (typeof v === 'string' ? v : fallback);

export function viewQuestion(q: CandidateQuestion): QuestionView {
  const base = { id: q.id, title: str(q.title), prompt: str(q.prompt) };
  switch (q.type) {
    case 'video':
    case 'audio':
      return {
        ...base,
        type: q.type,
        thinkTimeSeconds: num(q.thinkTimeSeconds, 30),
        maxAnswerSeconds: num(q.maxAnswerSeconds, 120),
        attempts: Math.max(1, num(q.attempts, 1)),
        mayReviewTake: q.mayReviewTake !== false,
      };
    case 'text':
      return { ...base, type: 'text', wordLimit: typeof q.wordLimit === 'number' ? q.wordLimit : null };
    case 'choice': {
      const options = Array.isArray(q.options) ? (q.options as { id?: unknown; label?: unknown }[]) : [];
      return {
        ...base,
        type: 'choice',
        multiple: q.mode === 'multiple',
        options: options.map((o, i) => ({ id: str(o.id, String(i)), label: str(o.label) })),
      };
    }
    case 'scale': {
      const items = Array.isArray(q.items) ? (q.items as { id?: unknown; statement?: unknown }[]) : [];
      const anchors = (q.anchors ?? {}) as { low?: unknown; high?: unknown };
      return {
        ...base,
        type: 'scale',
        steps: num(q.steps, 5),
        anchors: { low: str(anchors.low, 'Strongly disagree'), high: str(anchors.high, 'Strongly agree') },
        items: items.map((item, i) => ({ id: str(item.id, String(i)), statement: str(item.statement) })),
      };
    }
    default:
      return { ...base, type: 'code' };
  }
}

export function countWords(text: string): number {
  const trimmed = text.trim();
  return trimmed ? trimmed.split(/\s+/).length : 0;
}
