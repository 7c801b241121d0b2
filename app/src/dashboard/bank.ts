import type { Question, QuestionInput, QuestionType } from '../../../worker/schemas/questions';
import { get, post, put } from './data';

export type { Question, QuestionInput, QuestionType };

export interface QuestionFilters {
  source: 'mine' | 'examples';
  q?: string;
  type?: QuestionType | '';
  tag?: string;
  archived?: boolean;
}

function query(filters: QuestionFilters): string {
  const params = new URLSearchParams({ source: filters.source });
  if (filters.q) params.set('q', filters.q);
  if (filters.type) params.set('type', filters.type);
  if (filters.tag) params.set('tag', filters.tag);
  if (filters.archived) params.set('archived', 'true');
  return params.toString();
}

export const questions = {
  list: (filters: QuestionFilters) => get<{ questions: Question[]; nextCursor: string | null }>(`/api/questions?${query(filters)}`),
  get: (id: string) => get<{ question: Question }>(`/api/questions/${id}`),
  create: (body: QuestionInput) => post<{ question: Question }>('/api/questions', body),
  update: (id: string, body: QuestionInput) => put<{ question: Question }>(`/api/questions/${id}`, body),
  duplicate: (id: string) => post<{ question: Question }>(`/api/questions/${id}/duplicate`),
  archive: (id: string) => post<{ question: Question }>(`/api/questions/${id}/archive`),
  unarchive: (id: string) => post<{ question: Question }>(`/api/questions/${id}/restore`),
};

/** A sensible starting point for each type, so a new question is one edit away from valid. */
export function blankQuestion(type: QuestionType): QuestionInput {
  const common = { title: '', prompt: '', tags: [] as string[] };
  switch (type) {
    case 'video':
    case 'audio':
      return { type, ...common, thinkTimeSeconds: 30, maxAnswerSeconds: 120, attempts: 2, mayReviewTake: true };
    case 'text':
      return { type, ...common, wordLimit: 300 };
    case 'choice':
      return { type, ...common, mode: 'single', options: [{ id: 'a', label: '' }, { id: 'b', label: '' }], correctOptionIds: [], points: 0 };
    case 'scale':
      return { type, ...common, keyedTo: 'trait', steps: 5, anchors: { low: 'Strongly disagree', high: 'Strongly agree' }, items: [{ id: 'i1', statement: '', trait: '', reverse: false }] };
    case 'code':
      return { type, ...common, language: 'javascript', starterCode: '', tests: [] };
  }
}

export const TYPE_LABELS: Record<QuestionType, string> = {
  video: 'Video',
  audio: 'Audio',
  text: 'Text',
  choice: 'Multiple choice',
  scale: 'Scale (Likert)',
  code: 'Code',
};
