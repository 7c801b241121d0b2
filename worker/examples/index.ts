/**
 * The example questions that ship with Holdfast, at least one of every type. They live in code,
 * not in a migration: every organization sees the same read-only set under "Examples", and
 * copies one into "My Content" to change it. Ids are stable: copies remember where they came from.
 */
import type { QuestionBody } from '../schemas/questions';

export interface ExampleQuestion {
  id: `example-${string}`;
  body: QuestionBody;
}

export const EXAMPLE_QUESTIONS: readonly ExampleQuestion[] = [
  {
    id: 'example-video-introduce-yourself',
    body: {
      type: 'video',
      title: 'Introduce yourself',
      prompt: 'Tell us who you are, what you do today, and what brings you to this role. Two minutes is plenty.',
      tags: ['introduction', 'general'],
      thinkTimeSeconds: 30,
      maxAnswerSeconds: 120,
      attempts: 2,
      mayReviewTake: true,
    },
  },
  {
    id: 'example-video-proud-project',
    body: {
      type: 'video',
      title: 'A project you are proud of',
      prompt: 'Describe a project you are proud of: the problem, your part in it, and what you would do differently now.',
      tags: ['experience', 'behavioural'],
      thinkTimeSeconds: 60,
      maxAnswerSeconds: 180,
      attempts: 1,
      mayReviewTake: false,
    },
  },
  {
    id: 'example-audio-explain-simply',
    body: {
      type: 'audio',
      title: 'Explain it simply',
      prompt: 'Explain a technical idea from your field to someone who has never heard of it.',
      tags: ['communication'],
      thinkTimeSeconds: 45,
      maxAnswerSeconds: 120,
      attempts: 3,
      mayReviewTake: true,
    },
  },
  {
    id: 'example-text-why-this-role',
    body: {
      type: 'text',
      title: 'Why this role?',
      prompt: 'In your own words: why this role, and why now?',
      tags: ['motivation', 'general'],
      wordLimit: 300,
    },
  },
  {
    id: 'example-choice-http-not-found',
    body: {
      type: 'choice',
      title: 'HTTP status codes',
      prompt: 'Which status code means the requested resource was not found?',
      tags: ['web', 'knowledge'],
      mode: 'single',
      options: [
        { id: 'a', label: '200' },
        { id: 'b', label: '301' },
        { id: 'c', label: '404' },
        { id: 'd', label: '500' },
      ],
      correctOptionIds: ['c'],
      points: 1,
    },
  },
  {
    id: 'example-choice-js-primitives',
    body: {
      type: 'choice',
      title: 'JavaScript primitives',
      prompt: 'Which of these are primitive types in JavaScript? Pick all that apply.',
      tags: ['javascript', 'knowledge'],
      mode: 'multiple',
      options: [
        { id: 'string', label: 'string' },
        { id: 'object', label: 'object' },
        { id: 'bigint', label: 'bigint' },
        { id: 'array', label: 'array' },
        { id: 'symbol', label: 'symbol' },
      ],
      correctOptionIds: ['string', 'bigint', 'symbol'],
      points: 3,
    },
  },
  {
    id: 'example-choice-work-setting',
    body: {
      type: 'choice',
      title: 'Preferred way of working',
      prompt: 'Which working arrangement suits you best? (Not scored.)',
      tags: ['logistics'],
      mode: 'single',
      options: [
        { id: 'office', label: 'In the office' },
        { id: 'hybrid', label: 'Hybrid' },
        { id: 'remote', label: 'Remote' },
      ],
      correctOptionIds: [],
      points: 0,
    },
  },
  {
    id: 'example-scale-work-style',
    body: {
      type: 'scale',
      title: 'Work style',
      prompt: 'How well does each statement describe you at work?',
      tags: ['personality', 'assessment'],
      keyedTo: 'trait',
      steps: 5,
      anchors: { low: 'Not at all like me', high: 'Very much like me' },
      items: [
        { id: 'c1', statement: 'I finish tasks I start, even when they become dull.', trait: 'conscientiousness', reverse: false },
        { id: 'c2', statement: 'I often leave things until the last minute.', trait: 'conscientiousness', reverse: true },
        { id: 'e1', statement: 'I enjoy thinking out loud with colleagues.', trait: 'extraversion', reverse: false },
        { id: 'e2', statement: 'I prefer to work through problems alone before sharing.', trait: 'extraversion', reverse: true },
        { id: 'o1', statement: 'I like trying an unfamiliar tool or method.', trait: 'openness', reverse: false },
      ],
    },
  },
  {
    id: 'example-scale-upset-customer',
    body: {
      type: 'scale',
      title: 'An upset customer',
      prompt: 'A customer writes in angry: an order they needed for an event tomorrow will arrive a week late. Rate how effective each response would be.',
      tags: ['scenario', 'customer service'],
      keyedTo: 'scenario',
      steps: 5,
      anchors: { low: 'Very ineffective', high: 'Very effective' },
      items: [
        { id: 'r1', statement: 'Apologise and look for any faster option, even at extra cost to us.', trait: 'customer focus', reverse: false },
        { id: 'r2', statement: 'Explain that delays are the courier’s fault and close the ticket.', trait: 'customer focus', reverse: true },
        { id: 'r3', statement: 'Ask a colleague who handled a similar case what worked.', trait: 'collaboration', reverse: false },
      ],
    },
  },
  {
    id: 'example-code-fizzbuzz-js',
    body: {
      type: 'code',
      title: 'FizzBuzz',
      prompt: 'Read n from standard input and print the numbers 1 to n, one per line, with Fizz for multiples of 3, Buzz for multiples of 5 and FizzBuzz for both.',
      tags: ['warm-up', 'javascript'],
      language: 'javascript',
      starterCode: "const n = Number(require('fs').readFileSync(0, 'utf8').trim());\n\nfor (let i = 1; i <= n; i++) {\n  // your code\n}\n",
      tests: [
        { id: 'three', name: 'up to 3', input: '3', expectedOutput: '1\n2\nFizz', hidden: false },
        { id: 'fifteen', name: 'up to 15', input: '15', expectedOutput: '1\n2\nFizz\n4\nBuzz\nFizz\n7\n8\nFizz\nBuzz\n11\nFizz\n13\n14\nFizzBuzz', hidden: true },
      ],
    },
  },
  {
    id: 'example-code-word-count-ts',
    body: {
      type: 'code',
      title: 'Most frequent word',
      prompt: 'Read a line of text and print the word that appears most often (lower-case; the earliest one on ties).',
      tags: ['strings', 'typescript'],
      language: 'typescript',
      starterCode: "function mostFrequent(text: string): string {\n  return \"\";\n}\n\nconsole.log(mostFrequent(require('fs').readFileSync(0, 'utf8')));\n",
      tests: [
        { id: 'simple', name: 'one clear winner', input: 'the cat and the hat', expectedOutput: 'the', hidden: false },
        { id: 'ties', name: 'ties go to the earliest', input: 'b a b a', expectedOutput: 'b', hidden: true },
      ],
    },
  },
  {
    id: 'example-code-sum-python',
    body: {
      type: 'code',
      title: 'Running total',
      prompt: 'Read whole numbers, one per line, and print the running total after each.',
      tags: ['warm-up', 'python'],
      language: 'python',
      starterCode: 'import sys\n\ntotal = 0\nfor line in sys.stdin:\n    pass  # your code\n',
      tests: [
        { id: 'basic', name: 'three numbers', input: '1\n2\n3', expectedOutput: '1\n3\n6', hidden: false },
        { id: 'negative', name: 'negative numbers', input: '5\n-7', expectedOutput: '5\n-2', hidden: true },
      ],
    },
  },
];

const byId = new Map<string, ExampleQuestion>(EXAMPLE_QUESTIONS.map((example) => [example.id, example]));

export function findExampleQuestion(id: string): ExampleQuestion | undefined {
  return byId.get(id);
}
