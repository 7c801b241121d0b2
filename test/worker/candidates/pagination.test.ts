import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { sortNameOf } from '../../../worker/candidates/create';
import { dedupeKeyOf, insertCandidatesStatement } from '../../../worker/db/candidates';
import { insertSessionsStatement, type SessionSort, sessionListSql } from '../../../worker/db/sessions';
import type { SessionList, SessionListItem } from '../../../worker/schemas/candidate';
import { as } from '../support/auth-helpers';
import { addCandidate, type Recruiting, recruiting } from '../support/candidates-helpers';

const COUNT = 10_000;
const STATUSES = ['not_started', 'in_progress', 'completed', 'reviewed'] as const;

/** Rows per statement, as production chunks them: each statement's JSON stays far below D1's 2 MB limit. */
const CHUNK = 1_000;
const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * 10,000 sessions in one interview, inserted in one batch by the statements that make candidates
 * and sessions in production, then given their statuses and times (production would take years
 * of clock to make them). Many share a creation time and a name, so ties must be broken by id for
 * every page to be right.
 */
async function seedSessions(r: Recruiting): Promise<void> {
  const orgId = r.owner.signedIn.organization.id;
  const interviewId = r.interview.id;
  const base = Date.UTC(2026, 0, 1);
  const people = Array.from({ length: COUNT }, (_, i) => ({
    candidateId: `cand-${pad(i, 5)}`,
    sessionId: `sess-${pad(i, 5)}-${crypto.randomUUID().slice(0, 6)}`,
    name: `Person ${pad(i % 997, 3)}`,
    email: `person${pad(i, 5)}@seed.test`,
  }));
  const statements: D1PreparedStatement[] = [];
  for (let start = 0; start < COUNT; start += CHUNK) {
    const chunk = people.slice(start, start + CHUNK);
    statements.push(
      insertCandidatesStatement(
        env.DB,
        { orgId, interviewId, source: 'sheet', now: base },
        chunk.map((p) => ({ id: p.candidateId, name: p.name, email: p.email, phone: null, school: null, workExperience: null, resumeKey: null, dedupeKey: dedupeKeyOf(p) })),
      ),
      insertSessionsStatement(
        env.DB,
        { orgId, interviewId, format: 'one_way', practice: false, questionCount: 2, now: base },
        chunk.map((p) => ({ id: p.sessionId, candidateId: p.candidateId, inviteToken: null, sortName: sortNameOf(p.name), candidateEmail: p.email })),
      ),
    );
  }
  // Session i (its id's digits): status by i % 4, created i % 50 seconds and updated i % 7 seconds after base.
  statements.push(
    env.DB.prepare(
      `UPDATE sessions SET
         status = CASE CAST(substr(id, 6, 5) AS INTEGER) % 4 WHEN 0 THEN 'not_started' WHEN 1 THEN 'in_progress' WHEN 2 THEN 'completed' ELSE 'reviewed' END,
         created_at = ?2 + (CAST(substr(id, 6, 5) AS INTEGER) % 50) * 1000,
         updated_at = ?2 + (CAST(substr(id, 6, 5) AS INTEGER) % 7) * 1000
       WHERE interview_id = ?1`,
    ).bind(interviewId, base),
  );
  await env.DB.batch(statements);
}

let r: Recruiting;

beforeAll(async () => {
  r = await recruiting('pagination');
  await seedSessions(r);
}, 60_000);

async function allPages(query: string, limit = 200): Promise<SessionListItem[]> {
  const seen: SessionListItem[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 100; page++) {
    const res = await as(r.owner).get(`/api/interviews/${r.interview.id}/sessions?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as SessionList;
    seen.push(...body.sessions);
    cursor = body.nextCursor;
    if (!cursor) return seen;
  }
  throw new Error('pagination did not end');
}

describe('Sessions tab pagination over 10,000 sessions', { timeout: 120_000 }, () => {
  for (const [sort, dir] of [
    ['created', 'asc'],
    ['name', 'desc'],
    ['updated', 'asc'],
  ] as const) {
    it(`returns every session exactly once, in order (sort=${sort}, dir=${dir})`, async () => {
      const sessions = await allPages(`sort=${sort}&dir=${dir}`);
      expect(sessions).toHaveLength(COUNT);
      expect(new Set(sessions.map((s) => s.id)).size).toBe(COUNT);
      const key = (s: SessionListItem) => (sort === 'created' ? s.createdAt : sort === 'updated' ? s.updatedAt : s.candidate.name.toLowerCase());
      for (let i = 1; i < sessions.length; i++) {
        const [a, b] = [sessions[i - 1]!, sessions[i]!];
        const ordered = key(a) === key(b) ? (dir === 'asc' ? a.id < b.id : a.id > b.id) : dir === 'asc' ? key(a) < key(b) : key(a) > key(b);
        expect(ordered, `${a.id} before ${b.id}`).toBe(true);
      }
    });
  }

  it('filters by status exactly', async () => {
    for (const status of STATUSES) {
      const sessions = await allPages(`status=${status}&sort=created&dir=desc`);
      expect(sessions).toHaveLength(COUNT / 4);
      expect(sessions.every((s) => s.status === status)).toBe(true);
    }
    expect(await allPages('status=ended')).toEqual([]);
  });

  it('searches name or email, any case, exactly', async () => {
    const byName = await allPages('q=PERSON%20012&sort=name&dir=asc');
    const expected = Array.from({ length: COUNT }, (_, i) => i).filter((i) => `person ${String(i % 997).padStart(3, '0')}`.includes('person 012'));
    expect(byName.map((s) => s.candidate.id).sort()).toEqual(expected.map((i) => `cand-${String(i).padStart(5, '0')}`).sort());
    const byEmail = await allPages('q=person00042@SEED');
    expect(byEmail.map((s) => s.candidate.email)).toEqual(['person00042@seed.test']);
    const combined = await allPages('q=person%20012&status=completed');
    expect(combined.every((s) => s.status === 'completed' && s.candidate.name === 'Person 012')).toBe(true);
    expect(combined).toHaveLength(byName.filter((s) => s.status === 'completed').length);
    // Wildcards typed by a recruiter are letters, not patterns.
    expect(await allPages('q=%25')).toEqual([]);
    expect(await allPages('q=_')).toEqual([]);
  });

  it('reads each sort from its index, with no OFFSET and no sorting step', async () => {
    for (const sort of ['created', 'updated', 'name'] as SessionSort[]) {
      const { sql, params } = sessionListSql({ orgId: 'o', interviewId: 'i', sort, dir: 'desc', after: { value: sort === 'name' ? 'm' : 5, id: 'x' }, limit: 50 });
      expect(sql).not.toMatch(/OFFSET/i);
      const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .bind(...params)
        .all<{ detail: string }>();
      const details = plan.results.map((row) => row.detail).join('\n');
      expect(details, details).toMatch(new RegExp(`USING INDEX sessions_interview_${sort}`));
      expect(details, details).not.toMatch(/TEMP B-TREE/);
    }
  });

  it('refuses a cursor made for another sort', async () => {
    const res = await as(r.owner).get(`/api/interviews/${r.interview.id}/sessions?sort=created&limit=10`);
    const { nextCursor } = (await res.json()) as SessionList;
    const wrong = await as(r.owner).get(`/api/interviews/${r.interview.id}/sessions?sort=name&cursor=${encodeURIComponent(nextCursor!)}`);
    expect(wrong.status).toBe(400);
    const garbage = await as(r.owner).get(`/api/interviews/${r.interview.id}/sessions?cursor=not-a-cursor`);
    expect(garbage.status).toBe(400);
  });

  it('answers 400 to a cursor that decodes to any JSON other than a cursor', async () => {
    for (const json of ['null', '[]', '1', '"x"', 'true', '{}', '{"sort":"created","dir":"desc","value":null,"id":"x"}']) {
      const cursor = btoa(json).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
      const res = await as(r.owner).get(`/api/interviews/${r.interview.id}/sessions?cursor=${cursor}`);
      expect(res.status, json).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_request');
    }
  });
});

describe('search, for every query the schema allows', () => {
  let s: Recruiting;
  // Names as long as a candidate's name may be, in scripts a byte-length limit would trip on.
  const LONG_LATIN = `Jean-${'é'.repeat(60)} ${'a'.repeat(100)}`;
  const LONG_CJK = '山田'.repeat(40);

  beforeAll(async () => {
    s = await recruiting('search');
    for (const name of [LONG_LATIN, LONG_CJK, 'Zoë Ångström']) await addCandidate(s, { name, email: `${crypto.randomUUID().slice(0, 8)}@search.test` });
  });

  const search = async (q: string) => {
    const res = await as(s.owner).get(`/api/interviews/${s.interview.id}/sessions?q=${encodeURIComponent(q)}`);
    expect(res.status, await res.clone().text()).toBe(200);
    return ((await res.json()) as SessionList).sessions.map((x) => x.candidate.name);
  };

  it('finds long queries of any script, up to the 200 characters allowed', async () => {
    expect(await search('a'.repeat(49))).toEqual([LONG_LATIN]);
    expect(await search('a'.repeat(100))).toEqual([LONG_LATIN]);
    expect(await search('É'.repeat(30))).toEqual([LONG_LATIN]);
    expect(await search(LONG_LATIN.toUpperCase())).toEqual([LONG_LATIN]);
    expect(await search(LONG_CJK)).toEqual([LONG_CJK]);
    expect(await search('ZOË ÅNG')).toEqual(['Zoë Ångström']);
    expect(await search('x'.repeat(200))).toEqual([]);
    expect(await search('%_'.repeat(100))).toEqual([]);
    expect(await search('😀'.repeat(200))).toEqual([]);
  });
});
