import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { CandidateSession } from '../../../worker/schemas/candidate';
import { MAX_CODE_EVENTS_PER_SESSION } from '../../../worker/schemas/code';
import { sessionStub } from '../../../worker/sessions';
import { candidateGet, candidatePost } from '../support/candidates-helpers';
import { codeQuestion, codeSession, Typist } from '../support/code-helpers';

const STARTER = 'def main():\n    pass\n';

async function eventRows(sessionId: string, questionId: string): Promise<number> {
  return runInDurableObject(
    sessionStub(env, sessionId),
    (_i, state) => state.storage.sql.exec<{ n: number }>('SELECT count(*) AS n FROM code_events WHERE question_id = ?', questionId).one().n,
  );
}

function postEvents(deviceToken: string, questionId: string, body: unknown): Promise<Response> {
  return candidatePost(`/api/candidate/code/${questionId}/events`, body, deviceToken);
}

describe('POST /api/candidate/code/:questionId/events', () => {
  it('stores a batch once: a repeated batch answers the same receipt and adds no rows', async () => {
    const s = await codeSession([codeQuestion('py', STARTER)]);
    const typist = new Typist(STARTER).type('print(1 + 2)\n').run('3\n').paste(12);
    const body = { fromSeq: 0, events: typist.events, code: typist.doc };
    const first = await postEvents(s.deviceToken, 'py', body);
    const again = await postEvents(s.deviceToken, 'py', body);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ receipt: { heldThrough: 3 } });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ receipt: { heldThrough: 3 } });
    expect(await eventRows(s.sessionId, 'py')).toBe(3);
  });

  it('takes an overlapping batch from where the server is, and answers a gap with 409 and the sequence expected', async () => {
    const s = await codeSession([codeQuestion('py', STARTER)]);
    const typist = new Typist(STARTER).type('a').type('b');
    expect((await postEvents(s.deviceToken, 'py', { fromSeq: 0, events: typist.events.slice(0, 1), code: `${STARTER}a` })).status).toBe(200);
    typist.type('c').type('d');
    // The device lost the receipt of the first batch and sends everything again, with two more.
    const overlap = await postEvents(s.deviceToken, 'py', { fromSeq: 0, events: typist.events.slice(0, 3), code: `${STARTER}abc` });
    expect(await overlap.json()).toEqual({ receipt: { heldThrough: 3 } });

    const gap = await postEvents(s.deviceToken, 'py', { fromSeq: 5, events: typist.events.slice(3), code: typist.doc });
    expect(gap.status).toBe(409);
    const error = ((await gap.json()) as { error: { code: string; fields: Record<string, string> } }).error;
    expect(error.code).toBe('code_events_gap');
    expect(error.fields.expected).toBe('3');
    expect(await eventRows(s.sessionId, 'py')).toBe(3);

    const resent = await postEvents(s.deviceToken, 'py', { fromSeq: 3, events: typist.events.slice(3), code: typist.doc });
    expect(await resent.json()).toEqual({ receipt: { heldThrough: 4 } });
  });

  it('refuses a batch whose changes do not make the document it claims, storing nothing of it', async () => {
    const s = await codeSession([codeQuestion('py', STARTER)]);
    const typist = new Typist(STARTER).type('x = 1\n');
    const res = await postEvents(s.deviceToken, 'py', { fromSeq: 0, events: typist.events, code: 'something else' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_code_events');
    // A change that does not fit the document (it claims a longer one) is refused the same way.
    const bad = await postEvents(s.deviceToken, 'py', { fromSeq: 0, events: [{ k: 'change', t: 1, changes: [500, [0, 'x']] }], code: STARTER });
    expect(bad.status).toBe(400);
    expect(await eventRows(s.sessionId, 'py')).toBe(0);
  });

  it('answers 400 for a question that is not a code question, or not in the interview, and 401 without a device', async () => {
    const s = await codeSession([codeQuestion('py', STARTER), { id: 'words', type: 'text', title: 'Words', prompt: 'Say', tags: [], wordLimit: null }], {
      format: 'one_way',
    });
    const typist = new Typist(STARTER).type('x');
    const body = { fromSeq: 0, events: typist.events, code: typist.doc };
    for (const questionId of ['words', 'nope']) {
      const res = await postEvents(s.deviceToken, questionId, body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_a_code_question');
    }
    const anonymous = await candidatePost('/api/candidate/code/py/events', body, 'x'.repeat(32));
    expect(anonymous.status).toBe(401);
    // Malformed batches are refused by the contract's schema, naming the field.
    const malformed = await postEvents(s.deviceToken, 'py', { fromSeq: -1, events: [], code: '' });
    expect(malformed.status).toBe(400);
  });

  it('caps the events a session holds with 413 code_log_full, keeping what it holds', async () => {
    const s = await codeSession([codeQuestion('py', '')]);
    const typist = new Typist('').type('kept');
    expect((await postEvents(s.deviceToken, 'py', { fromSeq: 0, events: typist.events, code: 'kept' })).status).toBe(200);
    // Pretend the session already holds all but one event of its allowance.
    await runInDurableObject(s.stub, (_i, state) => {
      state.storage.sql.exec('UPDATE code_drafts SET held_through = ? WHERE question_id = ?', MAX_CODE_EVENTS_PER_SESSION - 1, 'py');
      state.storage.sql.exec('UPDATE code_events SET seq = ? WHERE question_id = ?', MAX_CODE_EVENTS_PER_SESSION - 2, 'py');
    });
    typist.type('!').type('?');
    const full = await postEvents(s.deviceToken, 'py', { fromSeq: MAX_CODE_EVENTS_PER_SESSION - 1, events: typist.events.slice(1), code: typist.doc });
    expect(full.status).toBe(413);
    expect(((await full.json()) as { error: { code: string } }).error.code).toBe('code_log_full');
    expect((await s.stub.codeTimeline('py'))?.finalCode).toBe('kept');
  });

  it('gives a new device the latest draft of each code question, and hidden tests never', async () => {
    const s = await codeSession([codeQuestion('py', STARTER), codeQuestion('ts', 'const x = 1;\n', 'typescript')]);
    const py = new Typist(STARTER).type('print(3)\n');
    await postEvents(s.deviceToken, 'py', { fromSeq: 0, events: py.events, code: py.doc });
    const res = await candidateGet('/api/candidate/session', s.deviceToken);
    expect(res.status).toBe(200);
    const session = (await res.json()) as CandidateSession;
    expect(session.codeDrafts).toEqual({ py: { code: py.doc, heldThrough: 1 } });
    expect(session.deadlineAt).toBe(session.startedAt + 3 * 3_600_000);
    const tests = session.questions.flatMap((q) => (q.type === 'code' ? q.tests : []));
    expect(tests.map((t) => t.id)).toEqual(['visible', 'visible']);
  });
});

describe('code answers and the log', () => {
  it('takes an answer equal to the document the log rebuilds, and refuses another with 409 code_events_missing', async () => {
    const s = await codeSession([codeQuestion('py', STARTER)], { format: 'one_way' });
    const typist = new Typist(STARTER).type('print(1)\n');
    await postEvents(s.deviceToken, 'py', { fromSeq: 0, events: typist.events, code: typist.doc });
    const stale = await candidatePost('/api/candidate/answers', { clientId: 'answer-stale-01', questionId: 'py', value: { code: `${typist.doc}more` } }, s.deviceToken);
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as { error: { code: string } }).error.code).toBe('code_events_missing');
    const matching = await candidatePost('/api/candidate/answers', { clientId: 'answer-match-01', questionId: 'py', value: { code: typist.doc } }, s.deviceToken);
    expect(matching.status).toBe(200);
  });

  it('gives the reviewer a timeline whose changes, replayed on the starter code, end on the submitted code', async () => {
    const s = await codeSession([codeQuestion('py', STARTER)]);
    const typist = new Typist(STARTER);
    for (let i = 0; i < 40; i++) typist.type(`x${i} = ${i}\n`);
    typist.paste(20).erase(0, 4).run('ok\n');
    await postEvents(s.deviceToken, 'py', { fromSeq: 0, events: typist.events, code: typist.doc });
    await candidatePost('/api/candidate/answers', { clientId: 'answer-final-01', questionId: 'py', value: { code: typist.doc } }, s.deviceToken);
    const timeline = await s.stub.codeTimeline('py');
    expect(timeline).not.toBeNull();
    if (!timeline) return;
    expect(timeline.starterCode).toBe(STARTER);
    expect(timeline.events.map((e) => e.seq)).toEqual(typist.events.map((_, i) => i));
    expect(timeline.events.every((e) => e.receivedAt > 0)).toBe(true);
    const { ChangeSet, Text } = await import('@codemirror/state');
    let doc = Text.of(timeline.starterCode.split('\n'));
    for (const event of timeline.events) if (event.k === 'change') doc = ChangeSet.fromJSON(event.changes).apply(doc);
    expect(doc.toString()).toBe(timeline.finalCode);
    expect(timeline.finalCode).toBe(typist.doc);
    expect(timeline.lateRefused).toBeNull();
    expect(await s.stub.codeTimeline('nope')).toBeNull();
  });
});
