import type { Question, QuestionInput, QuestionType } from '../../../worker/schemas/questions';
import { api, read } from '../lib/api';

export type { Question, QuestionInput, QuestionType };

export interface QuestionFilters {
  source: 'mine' | 'examples';
  q?: string;
  type?: QuestionType | '';
  tag?: string;
  archived?: boolean;
}

/** Only the filters that are set: an empty one would ask for an empty match. */
function query(filters: QuestionFilters) {
  return {
    source: filters.source,
    ...(filters.q ? { q: filters.q } : {}),
    ...(filters.type ? { type: filters.type } : {}),
    ...(filters.tag ? { tag: filters.tag } : {}),
    ...(filters.archived ? { archived: 'true' as const } : {}),
  };
}

const bank = api.api.questions;
const one = (questionId: string) => ({ param: { questionId } });
export const questions = {
  list: (filters: QuestionFilters) => read(bank.$get({ query: query(filters) })),
  get: (id: string) => read(bank[':questionId'].$get(one(id))),
  create: (json: QuestionInput) => read(bank.$post({ json })),
  update: (id: string, json: QuestionInput) => read(bank[':questionId'].$put({ ...one(id), json })),
  duplicate: (id: string) => read(bank[':questionId'].duplicate.$post(one(id))),
  archive: (id: string) => read(bank[':questionId'].archive.$post(one(id))),
  unarchive: (id: string) => read(bank[':questionId'].restore.$post(one(id))),
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
      return {
        type,
        ...common,
        mode: 'single',
        options: [
          { id: 'a', label: '' },
          { id: 'b', label: '' },
        ],
        correctOptionIds: [],
        points: 0,
      };
    case 'scale':
      return {
        type,
        ...common,
        keyedTo: 'trait',
        steps: 5,
        anchors: { low: 'Strongly disagree', high: 'Strongly agree' },
        items: [{ id: 'i1', statement: '', trait: '', reverse: false }],
      };
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
