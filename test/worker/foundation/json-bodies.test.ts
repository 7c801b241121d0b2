/**
 * Every API route that takes a body, sent nested, huge and odd JSON: none answers 5xx, and the
 * ones that read JSON answer a clear 4xx in the one error shape. The route list is the app's own
 * (worker/auth/route-access.ts), so a new route is swept the day it is mounted.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ApiRoute, apiRoutes, routeKey, UNTAGGED_ROUTES } from '../../../worker/auth/route-access';
import { app } from '../../../worker/index';
import { jsonNestingExceeds, MAX_JSON_DEPTH } from '../../../worker/validate';
import { SAME_ORIGIN } from '../support/auth-helpers';
import { bearer, startedCandidate } from '../support/candidates-helpers';
import { api } from '../support/helpers';
import { PARAM_FIXTURES } from '../support/tenancy-fixtures';

type Started = Awaited<ReturnType<typeof startedCandidate>>;

/** Logout would end the session the sweep signs in with; development routes are 404 in production. */
const SKIPPED = new Set(['POST /api/auth/logout']);
const routes = apiRoutes(app).filter((r) => r.method !== 'GET' && !SKIPPED.has(routeKey(r)) && UNTAGGED_ROUTES[routeKey(r)]?.access !== 'development');

const nestedArrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const nestedObjects = (depth: number, key = 'a') => `${`{"${key}":`.repeat(depth)}1${'}'.repeat(depth)}`;

/** Field names the API's schemas read, so nesting reaches past the first object. */
const FIELDS = [
  'value',
  'email',
  'name',
  'password',
  'clientId',
  'questionId',
  'questionIds',
  'options',
  'segments',
  'scores',
  'rating',
  'note',
  'settings',
  'rows',
  'code',
  'enabled',
];

const deepBody = fc
  .record({ depth: fc.constantFrom(MAX_JSON_DEPTH + 1, 2_000, 10_000, 100_000), field: fc.constantFrom(...FIELDS), arrays: fc.boolean() })
  .map(({ depth, field, arrays }) => `{"${field}":${arrays ? nestedArrays(depth) : nestedObjects(depth, field)}}`);

const hugeBody = fc.constantFrom(
  JSON.stringify({ value: 'x'.repeat(2_000_000) }),
  JSON.stringify({ questionIds: Array.from({ length: 200_000 }, () => 0) }),
  JSON.stringify(Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`k${i}`, i]))),
);

const oddBody = fc.oneof(
  fc.jsonValue({ maxDepth: 6 }).map((v) => JSON.stringify(v)),
  fc.record(Object.fromEntries(FIELDS.map((f) => [f, fc.jsonValue({ maxDepth: 4 })])), { requiredKeys: [] }).map((v) => JSON.stringify(v)),
  fc.constantFrom(
    '',
    'null',
    '{',
    '\uFEFF{}',
    '{"__proto__":{"polluted":true}}',
    '{"constructor":{"prototype":{"polluted":true}}}',
    '{"value":1e999,"rating":-1e999}',
    '{"name":"\\ud800","email":"\\u0000@x.test"}',
    '{"email":"a@b.test","email":{"x":1}}',
    '[{"clientId":"abc12345"}]',
  ),
  fc.string({ unit: 'binary', maxLength: 200 }),
);

let candidate: Started;
const paramIds = new Map<string, string>();

beforeAll(async () => {
  candidate = await startedCandidate('json-sweep');
  for (const param of new Set(routes.flatMap((r) => r.params))) {
    if (param === 'token') paramIds.set(param, candidate.inviteToken);
    else if (param === 'seq') paramIds.set(param, '0');
    else if (param === 'sessionId') paramIds.set(param, candidate.sessionId);
    else paramIds.set(param, (await PARAM_FIXTURES[param]!(candidate.owner)).id);
  }
}, 60_000);

/** As both a signed-in owner and the candidate's device, so every guard lets the body through. */
function send(route: ApiRoute, body: string): Promise<Response> {
  const url = route.params.reduce((path, p) => path.replace(`:${p}`, paramIds.get(p) ?? 'missing'), route.path);
  return api(url, {
    method: route.method,
    headers: {
      'content-type': 'application/json',
      cookie: candidate.owner.cookie,
      'x-csrf-token': candidate.owner.csrfToken,
      ...SAME_ORIGIN,
      ...bearer(candidate.deviceToken),
    },
    body,
  });
}

async function expectClear4xx(route: ApiRoute, body: string): Promise<void> {
  const res = await send(route, body);
  const text = await res.text();
  expect(res.status, `${routeKey(route)} with ${body.slice(0, 60)}…: ${text.slice(0, 300)}`).toBeLessThan(500);
  if (res.status >= 400) expect(JSON.parse(text), `${routeKey(route)}: ${text.slice(0, 300)}`).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
}

describe('the nesting scan', () => {
  it('counts brackets outside strings only, escapes included', () => {
    expect(jsonNestingExceeds(nestedArrays(3), 3)).toBe(false);
    expect(jsonNestingExceeds(nestedArrays(4), 3)).toBe(true);
    expect(jsonNestingExceeds(nestedObjects(4), 3)).toBe(true);
    expect(jsonNestingExceeds(JSON.stringify({ code: '[[[[{{{{' }), 1)).toBe(false);
    expect(jsonNestingExceeds(JSON.stringify({ code: 'say \\"[[[[\\"' }), 1)).toBe(false);
    expect(jsonNestingExceeds(JSON.stringify([[1], [2], [3], [4]]), 2)).toBe(false);
  });

  it('agrees with JSON.parse on the depth of any JSON value', () => {
    const depthOf = (v: unknown): number => (v !== null && typeof v === 'object' ? 1 + Math.max(0, ...Object.values(v).map(depthOf)) : 0);
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 0, max: 8 }), (value, max) => {
        expect(jsonNestingExceeds(JSON.stringify(value), max)).toBe(depthOf(value) > max);
      }),
    );
  });
});

describe('JSON bodies on every route', () => {
  it('sweeps a sensible number of routes', () => {
    expect(routes.length).toBeGreaterThan(20);
    expect(routes.map(routeKey)).toContain('POST /api/candidate/answers');
  });

  it.each(routes.map((r) => [routeKey(r), r] as const))('%s answers no 5xx to a body nested 2,000 deep', async (_key, route) => {
    for (const body of [nestedArrays(2_000), nestedObjects(2_000), `{"value":${nestedArrays(2_000)}}`]) {
      const res = await send(route, body);
      const text = await res.text();
      expect(res.status, `${routeKey(route)}: ${text.slice(0, 300)}`).toBeLessThan(500);
    }
  });

  it('answers a clear 4xx, never a 5xx, to nested, huge and odd JSON on every route', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.oneof({ arbitrary: deepBody, weight: 2 }, { arbitrary: hugeBody, weight: 1 }, { arbitrary: oddBody, weight: 4 }),
        expectClear4xx,
      ),
      { numRuns: 150 },
    );
  }, 120_000);

  it('names the limit in its answer to a body nested deeper than it', async () => {
    const res = await send(routes.find((r) => routeKey(r) === 'POST /api/candidate/answers')!, `{"value":${nestedArrays(2_000)}}`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('invalid_json');
    expect(body.error.message).toContain(String(MAX_JSON_DEPTH));
  });
});
