import { env, evictDurableObject, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it, vi } from 'vitest';
import type { InterviewSession } from '../../../durable/InterviewSession';
import { PAD_CLOSE_ENDED, PAD_IDLE_END_MS } from '../../../worker/schemas/pads';
import { sessionStub } from '../../../worker/sessions';
import { as, register } from '../support/auth-helpers';
import { addCandidate, bearer, candidateGet, recruiting, startedEntry, statusOf, uniqueCandidateEmail } from '../support/candidates-helpers';
import { api, storeOf } from '../support/helpers';
import { sameOrigin } from '../support/review-helpers';
import { lastStatus, openPad, type PadClient, until } from './pad-client';

// Each test opens several sockets and waits on frames; the whole worker suite shares two cores.
vi.setConfig({ testTimeout: 30_000 });

/** A live interview from the FizzBuzz example, a candidate who opened their link, and the owner (who may run pads). */
async function livePad(label = 'pad', options: { waitingRoom?: boolean } = {}) {
  const r = await recruiting(label, { format: 'live', questionIds: ['example-code-fizzbuzz-js'] });
  if (options.waitingRoom === false) expect((await as(r.owner).send('PATCH', '/api/pads/settings', { waitingRoom: false })).status).toBe(200);
  const email = uniqueCandidateEmail(label);
  const added = await addCandidate(r, { name: 'Cleo Candidate', email });
  const entry = await startedEntry(added.inviteToken, { email });
  return { ...r, sessionId: entry.sessionId, deviceToken: entry.deviceToken };
}

const interviewerPad = (sessionId: string, cookie: string) => openPad(`/api/sessions/${sessionId}/pad/socket`, { cookie, ...sameOrigin });
const candidatePad = (token: string) => openPad(`/api/candidate/pad/socket?token=${token}`);
const padState = async (sessionId: string) =>
  (await env.DB.prepare('SELECT pad_state FROM sessions WHERE id = ?').bind(sessionId).first<{ pad_state: string | null }>())?.pad_state;
const decoded = (client: PadClient) => client.wire.map((bytes) => new TextDecoder('latin1').decode(bytes)).join('\n');

describe('pads: waiting room and Admit', () => {
  it('keeps the candidate in the waiting room, without the document, until an interviewer admits them', async () => {
    const pad = await livePad('waiting');
    const interviewer = await interviewerPad(pad.sessionId, pad.owner.cookie);
    await until(() => interviewer.text().includes('for (let i = 1; i <= n; i++)'), 'the starter code of the question');
    const starter = interviewer.text();

    const candidate = await candidatePad(pad.deviceToken);
    await until(() => lastStatus(candidate)?.state === 'waiting', 'the waiting state');
    await until(() => lastStatus(interviewer)?.candidateConnected === true, 'the interviewer to see the candidate');
    expect(lastStatus(interviewer)).toMatchObject({ state: 'waiting', waitingSince: expect.any(Number) });
    expect(await padState(pad.sessionId)).toBe('waiting');
    const list = (await (await as(pad.owner).send('GET', '/api/pads')).json()) as { pads: { sessionId: string; state: string; waitingSince: number | null }[] };
    expect(list.pads.find((p) => p.sessionId === pad.sessionId)).toMatchObject({ state: 'waiting', waitingSince: expect.any(Number) });
    // Typing while waiting reaches nobody, and nothing of the document reached the candidate.
    candidate.type('sneaky');
    interviewer.type('\n// interviewer was here');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(candidate.wire.filter((bytes) => bytes[0] === 0 && bytes.length > 3)).toEqual([]);
    expect(interviewer.text()).not.toContain('sneaky');

    const admitted = await as(pad.owner).send('POST', `/api/sessions/${pad.sessionId}/pad/admit`, {});
    expect(admitted.status).toBe(200);
    await until(() => candidate.text().includes('// interviewer was here'), 'the candidate to get the document');
    await until(() => interviewer.text().includes('sneaky'), 'the candidate’s offline typing to merge');
    candidate.type('\nconsole.log(1)');
    await until(() => interviewer.text() === candidate.text(), 'both documents to agree');
    expect(interviewer.text()).toContain(starter);
    expect(await padState(pad.sessionId)).toBe('in_progress');
    await candidate.close();
    await interviewer.close();
  });

  it('lets the candidate straight in when the organization turned the waiting room off', async () => {
    const pad = await livePad('nowait', { waitingRoom: false });
    const candidate = await candidatePad(pad.deviceToken);
    await until(() => lastStatus(candidate)?.state === 'in_progress', 'the candidate to be in');
    await until(() => candidate.text().length > 0, 'the starter code');
    await candidate.close();
  });

  it('refuses Admit and the pad to members of another organization, and the socket to a candidate of another pad', async () => {
    const pad = await livePad('tenancy');
    const stranger = await register('stranger');
    expect((await as(stranger).send('POST', `/api/sessions/${pad.sessionId}/pad/admit`, {})).status).toBe(404);
    expect((await as(stranger).send('GET', `/api/sessions/${pad.sessionId}/pad`)).status).toBe(404);
    expect((await as(stranger).send('GET', `/api/sessions/${pad.sessionId}/pad/history`)).status).toBe(404);
    expect((await as(stranger).send('POST', `/api/sessions/${pad.sessionId}/pad/end`, {})).status).toBe(404);
    const upgrade = await api(`/api/sessions/${pad.sessionId}/pad/socket`, { headers: { upgrade: 'websocket', cookie: stranger.cookie, ...sameOrigin } });
    expect(upgrade.status).toBe(404);
    expect(await padState(pad.sessionId)).toBeNull();
  });
});

describe('pads: before the candidate comes', () => {
  it('lets the interviewer open the pad first, with the question’s starter code, and keeps the session Not Started', async () => {
    const r = await recruiting('early', { format: 'live', questionIds: ['example-code-fizzbuzz-js'] });
    const email = uniqueCandidateEmail('early');
    const added = await addCandidate(r, { name: 'Eli Early', email });
    const interviewer = await interviewerPad(added.session.id, r.owner.cookie);
    await until(() => interviewer.text().includes('for (let i = 1; i <= n; i++)'), 'the starter code');
    expect(lastStatus(interviewer)).toMatchObject({ state: 'not_started', candidateConnected: false });
    expect(await statusOf(added.session.id)).toBe('not_started');
    interviewer.type('// prepared before the candidate came\n');
    // The candidate starts later, as always, and waits to be admitted.
    const entry = await startedEntry(added.inviteToken, { email });
    expect(entry.sessionId).toBe(added.session.id);
    expect(await statusOf(added.session.id)).toBe('in_progress');
    const candidate = await candidatePad(entry.deviceToken);
    await until(() => lastStatus(interviewer)?.state === 'waiting', 'the waiting candidate');
    expect((await as(r.owner).send('POST', `/api/sessions/${added.session.id}/pad/admit`, {})).status).toBe(200);
    await until(() => candidate.text().includes('// prepared before the candidate came'), 'the candidate to get what was prepared');
    await candidate.close();
    await interviewer.close();
  });
});

describe('pads: runs', () => {
  it('shares a run’s output with everyone on the pad and keeps it for playback', async () => {
    const pad = await livePad('runs', { waitingRoom: false });
    const candidate = await candidatePad(pad.deviceToken);
    const interviewer = await interviewerPad(pad.sessionId, pad.owner.cookie);
    await until(() => candidate.text().length > 0, 'the first sync');
    const result = { status: 'ok', stdout: '1\n2\nFizz\n', stderr: '', ms: 12 };
    candidate.sendJson({ type: 'run', result });
    await until(() => interviewer.frames.some((f) => f.type === 'run'), 'the run to reach the interviewer');
    expect(interviewer.frames.find((f) => f.type === 'run')).toMatchObject({ by: 'Cleo Candidate', result });
    candidate.sendJson({ type: 'run', result: { status: 'ok', stdout: 5 } });
    await until(() => candidate.frames.some((f) => f.type === 'error'), 'the refusal of a malformed run');
    candidate.sendJson({ type: 'event', k: 'paste', size: 42 });
    candidate.sendJson({ type: 'event', k: 'blur' });
    let history: { events: { kind: string; author: string; size?: number }[] } = { events: [] };
    for (let i = 0; i < 50 && history.events.length < 3; i++) {
      history = (await (await as(pad.owner).send('GET', `/api/sessions/${pad.sessionId}/pad/history`)).json()) as typeof history;
    }
    expect(history.events.map((e) => [e.kind, e.author, e.size])).toEqual([
      ['run', 'Cleo Candidate', undefined],
      ['paste', 'Cleo Candidate', 42],
      ['blur', 'Cleo Candidate', undefined],
    ]);
    await candidate.close();
    await interviewer.close();
  });
});

describe('pads: the document is durable', () => {
  it('keeps every update across an eviction of the object and serves the whole document to a new client', async () => {
    const pad = await livePad('durable', { waitingRoom: false });
    const interviewer = await interviewerPad(pad.sessionId, pad.owner.cookie);
    const candidate = await candidatePad(pad.deviceToken);
    await until(() => candidate.text().length > 0 && interviewer.text() === candidate.text(), 'the first sync');
    for (let i = 0; i < 30; i++) (i % 2 ? candidate : interviewer).type(`${i};`);
    await until(() => interviewer.text() === candidate.text() && interviewer.text().includes('29;'), 'both to agree');
    const expected = interviewer.text();
    await candidate.close();
    await interviewer.close();

    await evictDurableObject(sessionStub(env, pad.sessionId));
    const later = await interviewerPad(pad.sessionId, pad.owner.cookie);
    await until(() => later.text() === expected, 'the reloaded document');
    const history = (await (await as(pad.owner).send('GET', `/api/sessions/${pad.sessionId}/pad/history`)).json()) as { finalText: string; updates: { author: string }[] };
    expect(history.finalText).toBe(expected);
    // The starter, then each of the 30 edits, with who made them.
    expect(history.updates.length).toBeGreaterThanOrEqual(31);
    expect(new Set(history.updates.map((u) => u.author.split(':')[0]))).toEqual(new Set(['system', 'interviewer', 'candidate']));
    await later.close();
  });
});

describe('pads: snapshots', () => {
  it('writes a snapshot every 500 updates and rebuilds the document from it and the updates after it', async () => {
    const pad = await livePad('snapshot', { waitingRoom: false });
    const interviewer = await interviewerPad(pad.sessionId, pad.owner.cookie);
    await until(() => interviewer.text().length > 0, 'the starter code');
    for (let i = 0; i < 520; i++) interviewer.type(String.fromCharCode(97 + (i % 26)));
    const expected = interviewer.text();
    const stub = sessionStub(env, pad.sessionId) as DurableObjectStub<InterviewSession>;
    await expect
      .poll(() => runInDurableObject(stub, (_o, state) => state.storage.sql.exec<{ n: number }>('SELECT count(*) AS n FROM pad_updates').one().n), { timeout: 20_000 })
      .toBeGreaterThanOrEqual(521);
    const snapshots = await runInDurableObject(stub, (_o, state) =>
      state.storage.sql.exec<{ through_seq: number; size: number }>('SELECT through_seq, length(data) AS size FROM pad_snapshots').toArray(),
    );
    expect(snapshots).toHaveLength(1);
    expect(snapshots[0]?.through_seq).toBe(500);
    await interviewer.close();
    await evictDurableObject(stub);
    const later = await interviewerPad(pad.sessionId, pad.owner.cookie);
    await until(() => later.text() === expected, 'the document rebuilt from the snapshot', 15_000);
    expect(await stub.padHistory().then((h) => h.finalText)).toBe(expected);
    await later.close();
    // 520 updates through one socket: slower than the others on a busy machine.
  }, 60_000);
});

describe('pads: interviewer notes', () => {
  it('never sends the notes on a candidate’s socket, and refuses notes from one', async () => {
    const pad = await livePad('notes', { waitingRoom: false });
    const candidate = await candidatePad(pad.deviceToken);
    const interviewer = await interviewerPad(pad.sessionId, pad.owner.cookie);
    const colleague = await interviewerPad(pad.sessionId, pad.owner.cookie);
    await until(() => candidate.text().length > 0, 'the first sync');
    const secret = `SECRET-NOTE-${crypto.randomUUID()}`;
    interviewer.sendJson({ type: 'notes', text: `Strong on loops. ${secret}` });
    await until(() => colleague.frames.some((f) => f.type === 'notes' && String(f.text).includes(secret)), 'the colleague to get the notes');
    candidate.sendJson({ type: 'notes', text: 'overwrite' });
    await until(() => candidate.frames.some((f) => f.type === 'error'), 'the refusal');
    // A new interviewer socket is greeted with the notes; a new candidate socket is not.
    const third = await interviewerPad(pad.sessionId, pad.owner.cookie);
    await until(() => third.frames.some((f) => f.type === 'notes' && String(f.text).includes(secret)), 'the notes for a new interviewer');
    const again = await candidatePad(pad.deviceToken);
    candidate.type('more');
    await until(() => again.text().includes('more'), 'the second candidate socket to sync');
    expect(decoded(candidate)).not.toContain(secret);
    expect(decoded(again)).not.toContain(secret);
    expect(candidate.frames.some((f) => f.type === 'notes')).toBe(false);
    for (const c of [candidate, again, interviewer, colleague, third]) await c.close();
  });
});

describe('pads: End Interview and auto-end', () => {
  it('closes the candidate’s socket, ends the session and answers 404 to the candidate from then on', async () => {
    const pad = await livePad('end', { waitingRoom: false });
    const candidate = await candidatePad(pad.deviceToken);
    const interviewer = await interviewerPad(pad.sessionId, pad.owner.cookie);
    await until(() => candidate.text().length > 0, 'the first sync');
    candidate.type('final words');
    await until(() => interviewer.text().includes('final words'), 'the edit to arrive');
    expect((await candidateGet('/api/candidate/pad', pad.deviceToken)).status).toBe(200);

    const ended = await as(pad.owner).send('POST', `/api/sessions/${pad.sessionId}/pad/end`, {});
    expect(ended.status).toBe(200);
    expect((await candidate.closed).code).toBe(PAD_CLOSE_ENDED);
    await until(() => interviewer.frames.some((f) => f.type === 'ended'), 'the interviewer to hear it ended');
    expect(await statusOf(pad.sessionId)).toBe('ended');
    expect(await padState(pad.sessionId)).toBe('ended');
    expect((await candidateGet('/api/candidate/pad', pad.deviceToken)).status).toBe(404);
    expect((await candidateGet('/api/candidate/session', pad.deviceToken)).status).toBe(404);
    expect((await api(`/api/candidate/pad/socket?token=${pad.deviceToken}`, { headers: { upgrade: 'websocket' } })).status).toBe(404);
    // Ending again changes nothing; the history still ends on the final document.
    expect((await as(pad.owner).send('POST', `/api/sessions/${pad.sessionId}/pad/end`, {})).status).toBe(200);
    const history = (await (await as(pad.owner).send('GET', `/api/sessions/${pad.sessionId}/pad/history`)).json()) as { finalText: string };
    expect(history.finalText).toContain('final words');
    await interviewer.close();
  });

  it('ends by itself after 60 minutes with nobody connected (the alarm), and not while someone is', async () => {
    const pad = await livePad('idle', { waitingRoom: false });
    const candidate = await candidatePad(pad.deviceToken);
    await until(() => candidate.text().length > 0, 'the first sync');
    const stub = sessionStub(env, pad.sessionId) as DurableObjectStub<InterviewSession>;
    const interviewer = await interviewerPad(pad.sessionId, pad.owner.cookie);
    await candidate.close();
    // Someone is still there: the alarm, rung early, leaves the pad alone.
    await runInDurableObject(stub, async (o, state) => {
      await storeOf(o).alarms.schedule('padIdle', Date.now() - 1);
      await state.storage.setAlarm(Date.now());
    });
    await runDurableObjectAlarm(stub);
    expect((await stub.padStatus()).state).toBe('in_progress');

    await interviewer.close();
    const due = await runInDurableObject(stub, (_o, state) => state.storage.sql.exec<{ due_at: number }>("SELECT due_at FROM alarms WHERE name = 'padIdle'").toArray()[0]?.due_at);
    expect(due).toBeGreaterThanOrEqual(Date.now() + PAD_IDLE_END_MS - 60_000);
    // An hour passes with nobody there.
    await runInDurableObject(stub, async (o, state) => {
      storeOf(o).setMeta('pad_last_left_at', String(Date.now() - PAD_IDLE_END_MS - 1));
      await state.storage.setAlarm(Date.now());
    });
    await runDurableObjectAlarm(stub);
    expect((await stub.padStatus()).state).toBe('ended');
    expect(await statusOf(pad.sessionId)).toBe('ended');
    expect((await api('/api/candidate/pad', { headers: bearer(pad.deviceToken) })).status).toBe(404);
  });
});
