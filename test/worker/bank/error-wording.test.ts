/**
 * Refusals are written for the recruiter who reads them in the dashboard: fields by their labels
 * ("Maximum answer length"), never by their JSON names, in the one error shape with its code.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type Account, as, register } from '../support/auth-helpers';
import { VALID_QUESTIONS } from '../support/questions-fixtures';

type ErrorBody = { error: { code: string; message: string; fields?: Record<string, string> } };

let owner: Account;
beforeAll(async () => {
  owner = await register('wording');
});

async function refusal(path: string, body: unknown): Promise<ErrorBody['error']> {
  const res = await as(owner).send('POST', path, body);
  expect(res.status).toBe(400);
  return ((await res.json()) as ErrorBody).error;
}

/** A JSON field name in a sentence: a lower-case word with a capital inside it. */
const JSON_NAME = /\b[a-z]+[A-Z][A-Za-z]*\b/;

describe('validation messages name fields as the dashboard does', () => {
  it('says "Maximum answer length must be at least 10 seconds." and keeps code and fields', async () => {
    const error = await refusal('/api/questions', { ...VALID_QUESTIONS.video, maxAnswerSeconds: 5 });
    expect(error.code).toBe('invalid_request');
    expect(error.message).toBe('Maximum answer length must be at least 10 seconds.');
    expect(error.fields).toEqual({ maxAnswerSeconds: 'must be at least 10 seconds' });
  });

  it('lists every missing field as a sentence, in plain words', async () => {
    const error = await refusal('/api/questions', { type: 'video', title: 'Only a title' });
    for (const sentence of [
      'Question text is required.',
      'Think time must be a number of seconds.',
      'Maximum answer length must be a number of seconds.',
      'Attempts must be a number of attempts.',
    ]) {
      expect(error.message).toContain(sentence);
    }
    expect(error.message).not.toMatch(JSON_NAME);
    expect(error.message).not.toMatch(/Invalid (json|input)/);
  });

  it('names an entry of a list by its position, counted from 1', async () => {
    const error = await refusal('/api/questions', {
      ...VALID_QUESTIONS.choice,
      options: [
        { id: 'a', label: '21' },
        { id: 'b', label: '' },
      ],
    });
    expect(error.message).toBe('Option 2 label is required.');
    expect(error.fields).toEqual({ 'options.1.label': 'is required' });
  });

  it("words a wrong kind of value without zod's own phrasing", async () => {
    const error = await refusal('/api/questions', { ...VALID_QUESTIONS.video, mayReviewTake: 'yes' });
    expect(error.message).toBe('Watching the take before submitting must be true or false.');
    const text = await refusal('/api/questions', { ...VALID_QUESTIONS.text, title: 42 });
    expect(text.message).toBe('Title must be text.');
  });

  it('says which question of an interview is not in the Question Bank', async () => {
    const error = await refusal('/api/interviews', { name: 'Labels', format: 'one_way', questionIds: ['not-a-question-0001'] });
    expect(error.code).toBe('invalid_request');
    expect(error.message).toBe('Question 1 is not a question in your Question Bank.');
    expect(error.fields).toEqual({ 'questionIds.0': 'is not a question in your Question Bank' });
  });
});
