/**
 * Question validation, property-based: random bodies never make a 500, every valid question of
 * every type saves, and every kind of invalid field answers 400 naming that field.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { QUESTION_TYPES, type QuestionType } from '../../../worker/schemas/questions';
import { type Account, as, register } from '../support/auth-helpers';
import { VALID_QUESTIONS } from '../support/questions-fixtures';

let owner: Account;
beforeAll(async () => {
  owner = await register('validation');
});

type ErrorBody = { error: { code: string; message: string; fields?: Record<string, string> } };

const create = (body: unknown) => as(owner).send('POST', '/api/questions', body);

const word = fc
  .string({ minLength: 1, maxLength: 30 })
  .map((s) => s.trim())
  .filter((s) => s.length > 0);
const localId = fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/);
const uniqueIds = (min: number, max: number) => fc.uniqueArray(localId, { minLength: min, maxLength: max });

/** Valid questions of each type, drawn from the whole space the schema allows. */
const validQuestion: Record<QuestionType, fc.Arbitrary<Record<string, unknown>>> = (() => {
  const common = { title: word, prompt: word, tags: fc.uniqueArray(fc.stringMatching(/^[a-z0-9]([a-z0-9 _-]{0,20}[a-z0-9])?$/), { maxLength: 5 }) };
  const recorded = {
    ...common,
    thinkTimeSeconds: fc.integer({ min: 0, max: 600 }),
    maxAnswerSeconds: fc.integer({ min: 10, max: 1800 }),
    attempts: fc.integer({ min: 1, max: 10 }),
    mayReviewTake: fc.boolean(),
  };
  return {
    video: fc.record({ type: fc.constant('video'), ...recorded }),
    audio: fc.record({ type: fc.constant('audio'), ...recorded }),
    text: fc.record({ type: fc.constant('text'), ...common, wordLimit: fc.option(fc.integer({ min: 1, max: 10_000 }), { nil: null }) }),
    choice: uniqueIds(2, 6).chain((ids) =>
      fc.record({
        type: fc.constant('choice'),
        ...common,
        mode: fc.constant('multiple'),
        options: fc.tuple(...ids.map((id) => word.map((label) => ({ id, label })))),
        correctOptionIds: fc.subarray(ids, { minLength: 1 }),
        points: fc.integer({ min: 0, max: 100 }),
      }),
    ),
    scale: uniqueIds(1, 5).chain((ids) =>
      fc.record({
        type: fc.constant('scale'),
        ...common,
        keyedTo: fc.constantFrom('trait', 'scenario'),
        steps: fc.integer({ min: 3, max: 10 }),
        anchors: fc.record({ low: word, high: word }),
        items: fc.tuple(...ids.map((id) => fc.record({ id: fc.constant(id), statement: word, trait: word, reverse: fc.boolean() }))),
      }),
    ),
    code: uniqueIds(0, 4).chain((ids) =>
      fc.record({
        type: fc.constant('code'),
        ...common,
        language: fc.constantFrom('javascript', 'typescript', 'python'),
        starterCode: fc.string({ maxLength: 200 }),
        tests: fc.tuple(
          ...ids.map((id) =>
            fc.record({ id: fc.constant(id), name: word, input: fc.string({ maxLength: 50 }), expectedOutput: fc.string({ maxLength: 50 }), hidden: fc.boolean() }),
          ),
        ),
      }),
    ),
  };
})();

const notANumber = fc.oneof(fc.string(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 2 }));
const notAString = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.dictionary(fc.string(), fc.integer(), { maxKeys: 2 }));
const notABoolean = fc.oneof(fc.integer(), fc.string(), fc.constant(null));
const notAnArray = fc.oneof(fc.string(), fc.integer(), fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }));
// NaN is no value a client can send: JSON carries it as null, which a nullable field accepts.
const outside = (min: number, max: number) =>
  fc.oneof(fc.integer({ max: min - 1 }), fc.integer({ min: max + 1 }), fc.double({ min, max, noInteger: true, noNaN: true }), notANumber);
const badText = (max: number) =>
  fc.oneof(
    fc.constant(''),
    fc.constant('   '),
    fc.string({ minLength: max + 1, maxLength: max + 20 }).map((s) => 'x'.repeat(max) + s),
    notAString,
  );
const notOneOf = (values: string[]) =>
  fc.oneof(
    fc.string().filter((s) => !values.includes(s)),
    notAString,
  );

/** For every field of every type, the kinds of wrong value a client can send. */
const invalidFields: Record<QuestionType, Record<string, fc.Arbitrary<unknown>>> = (() => {
  const common = {
    title: badText(200),
    prompt: badText(5000),
    tags: fc.oneof(notAnArray, fc.constant(['']), fc.constant(['!!']), fc.constant(['x'.repeat(41)]), fc.constant(Array.from({ length: 21 }, (_, i) => `t${i}`))),
  };
  const recorded = {
    ...common,
    thinkTimeSeconds: outside(0, 600),
    maxAnswerSeconds: outside(10, 1800),
    attempts: outside(1, 10),
    mayReviewTake: notABoolean,
  };
  return {
    video: recorded,
    audio: recorded,
    text: { ...common, wordLimit: outside(1, 10_000).filter((v) => v !== null) },
    choice: {
      ...common,
      mode: notOneOf(['single', 'multiple']),
      options: fc.oneof(
        notAnArray,
        fc.constant([]),
        fc.constant([{ id: 'a', label: 'only one' }]),
        fc.constant([
          { id: 'a', label: 'x' },
          { id: 'a', label: 'y' },
        ]),
        fc.constant([{ id: 'a' }, { id: 'b', label: 'y' }]),
      ),
      correctOptionIds: fc.oneof(notAnArray, fc.constant(['nope']), fc.constant(['a', 'b']), fc.constant(['a', 'a'])),
      points: outside(0, 100),
    },
    scale: {
      ...common,
      keyedTo: notOneOf(['trait', 'scenario']),
      steps: outside(3, 10),
      anchors: fc.oneof(notAString, fc.constant({ low: 'x' }), fc.constant({ low: '', high: 'y' })),
      items: fc.oneof(
        notAnArray,
        fc.constant([]),
        fc.constant([{ id: 'i1', statement: '', trait: 't' }]),
        fc.constant([{ id: 'i1', statement: 's', trait: 't', reverse: 'yes' }]),
        fc.constant([
          { id: 'i1', statement: 's', trait: 't' },
          { id: 'i1', statement: 's2', trait: 't' },
        ]),
      ),
    },
    code: {
      ...common,
      language: notOneOf(['javascript', 'typescript', 'python']),
      starterCode: fc.oneof(fc.integer(), fc.boolean(), fc.constant('x'.repeat(20_001))),
      tests: fc.oneof(
        notAnArray,
        fc.constant([{ id: 't', name: 'n', hidden: false }]),
        fc.constant([{ id: 't', name: 'n', expectedOutput: '', hidden: 'no' }]),
        fc.constant(Array.from({ length: 31 }, (_, i) => ({ id: `t${i}`, name: 'n', expectedOutput: '', hidden: false }))),
      ),
    },
  };
})();

const names = (fields: Record<string, string> | undefined) => Object.keys(fields ?? {});

describe('question validation', () => {
  it('never answers 500 to a random body: 201 or a 400 in the error shape', async () => {
    const fieldNames = [
      'type',
      'title',
      'prompt',
      'tags',
      'thinkTimeSeconds',
      'maxAnswerSeconds',
      'attempts',
      'mayReviewTake',
      'wordLimit',
      'mode',
      'options',
      'correctOptionIds',
      'points',
      'keyedTo',
      'steps',
      'anchors',
      'items',
      'language',
      'starterCode',
      'tests',
    ];
    const randomBody = fc.oneof(
      fc.jsonValue(),
      fc
        .record({ type: fc.oneof(fc.constantFrom(...QUESTION_TYPES), fc.jsonValue()) })
        .chain((base) => fc.dictionary(fc.constantFrom(...fieldNames), fc.jsonValue(), { maxKeys: 8 }).map((rest) => ({ ...rest, ...base }))),
    );
    await fc.assert(
      fc.asyncProperty(randomBody, async (body) => {
        const res = await create(body);
        expect([201, 400]).toContain(res.status);
        if (res.status === 400) {
          const { error } = (await res.json()) as ErrorBody;
          expect(error.code).toBe('invalid_request');
          expect(names(error.fields).length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 150 },
    );
  }, 120_000);

  it('saves every valid question of every type, exactly as sent', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...QUESTION_TYPES).chain((type) => validQuestion[type]),
        async (body) => {
          const res = await create(body);
          expect(res.status).toBe(201);
          const { question } = (await res.json()) as { question: Record<string, unknown> };
          expect(question).toMatchObject(body);
        },
      ),
      { numRuns: 120 },
    );
  }, 120_000);

  it('answers 400 naming the field, for each kind of invalid value of each field of each type', async () => {
    const oneBadField = fc
      .constantFrom(...QUESTION_TYPES)
      .chain((type) => fc.constantFrom(...Object.keys(invalidFields[type])).chain((field) => invalidFields[type][field]!.map((value) => ({ type, field, value }))));
    await fc.assert(
      fc.asyncProperty(oneBadField, async ({ type, field, value }) => {
        const body: Record<string, unknown> = { ...VALID_QUESTIONS[type], [field]: value };
        // The fixture's choice question is single-mode: two correct options are then a mistake
        // of `correctOptionIds`, and they must name real options to be wrong only in number.
        if (field === 'correctOptionIds' && Array.isArray(value) && value.includes('a'))
          body.options = [
            { id: 'a', label: 'A' },
            { id: 'b', label: 'B' },
          ];
        const res = await create(body);
        expect(res.status, `${type}.${field} = ${JSON.stringify(value)?.slice(0, 80)}`).toBe(400);
        const { error } = (await res.json()) as ErrorBody;
        expect(
          names(error.fields).some((name) => name === field || name.startsWith(`${field}.`)),
          `${JSON.stringify(error.fields)} names ${field}`,
        ).toBe(true);
      }),
      { numRuns: 300 },
    );
  }, 120_000);

  it('answers 400 naming `type` for an unknown type, and the missing fields of a known one', async () => {
    const unknown = await create({ ...VALID_QUESTIONS.text, type: 'essay' });
    expect(names(((await unknown.json()) as ErrorBody).error.fields)).toEqual(['type']);
    const missing = await create({ type: 'video', title: 'Only a title' });
    expect(names(((await missing.json()) as ErrorBody).error.fields).sort()).toEqual(['attempts', 'maxAnswerSeconds', 'mayReviewTake', 'prompt', 'thinkTimeSeconds']);
  });
});
