/** One valid question of every type, as a client would send it. */
import type { QuestionInput, QuestionType } from '../../../worker/schemas/questions';

export const VALID_QUESTIONS: Record<QuestionType, QuestionInput> = {
  video: {
    type: 'video',
    title: 'Tell us about a hard bug',
    prompt: 'Walk us through it.',
    tags: ['Debugging', 'stories'],
    thinkTimeSeconds: 20,
    maxAnswerSeconds: 90,
    attempts: 2,
    mayReviewTake: true,
  },
  audio: {
    type: 'audio',
    title: 'Pitch our product',
    prompt: 'You have one minute.',
    tags: ['sales'],
    thinkTimeSeconds: 0,
    maxAnswerSeconds: 60,
    attempts: 1,
    mayReviewTake: false,
  },
  text: { type: 'text', title: 'Cover note', prompt: 'Why us?', tags: [], wordLimit: 200 },
  choice: {
    type: 'choice',
    title: 'Pick the prime',
    prompt: 'Which number is prime?',
    tags: ['maths'],
    mode: 'single',
    options: [
      { id: 'a', label: '21' },
      { id: 'b', label: '23' },
    ],
    correctOptionIds: ['b'],
    points: 2,
  },
  scale: {
    type: 'scale',
    title: 'Teamwork',
    prompt: 'How much do you agree?',
    tags: ['personality'],
    keyedTo: 'trait',
    steps: 5,
    anchors: { low: 'Disagree', high: 'Agree' },
    items: [
      { id: 'i1', statement: 'I ask for help early.', trait: 'collaboration', reverse: false },
      { id: 'i2', statement: 'I prefer to work alone.', trait: 'collaboration', reverse: true },
    ],
  },
  code: {
    type: 'code',
    title: 'Reverse a string',
    prompt: 'Print the input reversed.',
    tags: ['strings'],
    language: 'python',
    starterCode: 'print(input())\n',
    tests: [
      { id: 't1', name: 'simple', input: 'abc', expectedOutput: 'cba', hidden: false },
      { id: 't2', name: 'empty', input: '', expectedOutput: '', hidden: true },
    ],
  },
};
