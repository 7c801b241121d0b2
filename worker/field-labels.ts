/**
 * What the dashboard calls each field of a request, so a refusal names it the way its reader knows
 * it ("Maximum answer length must be at least 10 seconds"), never by its JSON name. A field
 * without a label here is spelled out from its name ("retentionDays" → "Retention days").
 */
import type { z } from 'zod';
import { FIELD_LABELS as CANDIDATE_FIELD_LABELS } from './imports/candidate-sheet';

const FIELD_LABELS: Record<string, string> = {
  ...CANDIDATE_FIELD_LABELS,
  // Questions (Question Bank)
  type: 'Question type',
  title: 'Title',
  prompt: 'Question text',
  tags: 'Tags',
  goodAnswer: 'What a good answer covers',
  thinkTimeSeconds: 'Think time',
  maxAnswerSeconds: 'Maximum answer length',
  attempts: 'Attempts',
  mayReviewTake: 'Watching the take before submitting',
  wordLimit: 'Word limit',
  mode: 'Answer type',
  options: 'Options',
  correctOptionIds: 'Correct options',
  label: 'Label',
  items: 'Statements',
  statement: 'Statement',
  reverse: 'Reverse scoring',
  trait: 'Trait',
  steps: 'Number of points on the scale',
  anchors: 'Scale labels',
  low: 'Lowest label',
  high: 'Highest label',
  language: 'Language',
  starterCode: 'Starter code',
  tests: 'Tests',
  input: 'Input',
  expectedOutput: 'Expected output',
  hidden: 'Hidden from the candidate',
  points: 'Points',
  // Interviews
  format: 'Format',
  intro: 'Introduction',
  closing: 'Closing message',
  deadlineHours: 'Deadline',
  deadlineAt: 'Deadline',
  questionIds: 'Questions',
  expectedVersion: 'Version',
  enabled: 'Shareable link',
  // Accounts and organization
  password: 'Password',
  organizationName: 'Organization name',
  accentColor: 'Accent colour',
  logoUrl: 'Logo',
  retentionDays: 'Keep recordings for',
  role: 'Role',
  code: 'Code',
  // Reviews
  rating: 'Rating',
  note: 'Note',
  notes: 'Notes',
  recommendation: 'Recommendation',
  // Lists and searches
  q: 'Search',
  limit: 'Page size',
  cursor: 'Page',
  sort: 'Sort order',
  status: 'Status',
  days: 'Number of days',
};

/** What one entry of a list is called: `options.1` is "Option 2". */
const ENTRY_LABELS: Record<string, string> = {
  questionIds: 'Question',
  options: 'Option',
  correctOptionIds: 'Correct option',
  items: 'Statement',
  tests: 'Test',
  tags: 'Tag',
  candidates: 'Candidate',
};

const spelledOut = (name: string) => {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};
const lowerFirst = (text: string) => (/^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text);
const isIndex = (part: string | undefined) => part !== undefined && /^\d+$/.test(part);

/** "maxAnswerSeconds" → "Maximum answer length"; "options.1.label" → "Option 2 label"; "questionIds.2" → "Question 3". */
function fieldLabel(path: string): string {
  if (path === '(body)') return 'The request';
  const parts = path.split('.');
  const words: string[] = [];
  parts.forEach((part, i) => {
    if (isIndex(part)) return;
    const last = parts.slice(i + 1).every(isIndex);
    if (isIndex(parts[i + 1])) words.push(`${ENTRY_LABELS[part] ?? FIELD_LABELS[part] ?? spelledOut(part)} ${Number(parts[i + 1]) + 1}`);
    else if (last) words.push(FIELD_LABELS[part] ?? spelledOut(part));
  });
  // "Statement 1 statement" says its name twice: the entry is the field.
  const deduped = words.filter((word, i) => i === 0 || !words[i - 1]?.toLowerCase().startsWith(`${word.toLowerCase()} `));
  return deduped.map((word, i) => (i === 0 ? word : lowerFirst(word))).join(' ') || spelledOut(path);
}

/** Field errors (path → "must be …") as sentences a person reads: "Title is required. Attempts must be at most 10." */
export function describeFields(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([path, message]) => {
      const sentence = `${fieldLabel(path)} ${message}`;
      return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
    })
    .join(' ');
}

const KINDS: Record<string, string> = { number: 'a number', string: 'text', boolean: 'true or false', array: 'a list', object: 'a set of fields', int: 'a whole number' };

/** zod's own wording ("Invalid input: expected string, received undefined") as a reader's. */
export function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.message.startsWith('Invalid input')) {
    return /received undefined/.test(issue.message) ? 'is required' : `must be ${KINDS[issue.expected] ?? issue.expected}`;
  }
  if (issue.code === 'invalid_value' && issue.message.startsWith('Invalid')) return `must be one of: ${issue.values.map(String).join(', ')}`;
  return issue.message;
}
