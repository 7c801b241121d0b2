import { env, evictDurableObject, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it, vi } from 'vitest';
import { LIVE_SILENCE_MS, PING_FRAME } from '../../../worker/schemas/live';
import { sessionStub } from '../../../worker/sessions';
import { addMember, as, register } from '../support/auth-helpers';
import { candidatePost } from '../support/candidates-helpers';
import { api } from '../support/helpers';
import { candidateDevice, moveTo, nextMatching, openSocket, orgOf, sameOrigin, sessionIn, takenSession } from '../support/review-helpers';

async function watchedSession() {
  const owner = await register('live');
  const sessionId = await sessionIn(orgOf(owner));
  const token = await candidateDevice(sessionId, orgOf(owner));
  const watcher = await openSocket(`/api/sessions/${sessionId}/live`, { cookie: owner.cookie, ...sameOrigin });
  const first = await watcher.next();
  return { owner, sessionId, token, watcher, first };
}

const candidateSocket = (token: string) => openSocket(`/api/candidate/live?token=${token}`);

describe('live status: what watchers are told', () => {
  it('tells a new watcher the current status at once', async () => {
    const { first } = await watchedSession();
    expect(first).toEqual({
      type: 'status',
      online: false,
      offlineSince: null,
      currentQuestion: null,
      questionCount: null,
      bytesLeft: null,
      paused: false,
      answeredCount: 0,
      status: 'not_started',
    });
  });

  it('shows the candidate online, on which question, with how much left to upload', async () => {
    const { token, watcher } = await watchedSession();
    const candidate = await candidateSocket(token);
    expect(await nextMatching(watcher, (f) => f.online === true)).toMatchObject({ online: true, offlineSince: null });
    candidate.send({ type: 'progress', questionIndex: 2, questionCount: 8, bytesLeft: 2_100_000 });
    expect(await nextMatching(watcher, (f) => f.currentQuestion !== null)).toEqual({
      type: 'status',
      online: true,
      offlineSince: null,
      currentQuestion: 3,
      questionCount: 8,
      bytesLeft: 2_100_000,
      paused: false,
      answeredCount: 0,
      status: 'not_started',
    });
  });

  it('marks the candidate offline since the moment their socket closed', async () => {
    const { token, watcher } = await watchedSession();
    const candidate = await candidateSocket(token);
    await nextMatching(watcher, (f) => f.online === true);
    const before = Date.now();
    await candidate.close();
    const offline = await nextMatching(watcher, (f) => f.online === false);
    expect(offline.offlineSince).toBeGreaterThanOrEqual(before);
    expect(offline.offlineSince).toBeLessThanOrEqual(Date.now());
  });

  it('keeps each disconnect with its length for the review timeline', async () => {
    const { sessionId, token, watcher } = await watchedSession();
    const first = await candidateSocket(token);
    await nextMatching(watcher, (f) => f.online === true);
    await first.close();
    const { offlineSince } = await nextMatching(watcher, (f) => f.online === false);
    const again = await candidateSocket(token);
    await nextMatching(watcher, (f) => f.online === true);
    const rows = await runInDurableObject(sessionStub(env, sessionId), (_i, state) =>
      state.storage.sql.exec<{ started_at: number; ended_at: number | null }>('SELECT started_at, ended_at FROM live_disconnects').toArray(),
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.started_at).toBe(offlineSince);
    expect(rows[0]!.ended_at).toBeGreaterThanOrEqual(rows[0]!.started_at);
    await again.close();
  });

  it('stays online while a second device of the same session is still connected', async () => {
    const { owner, sessionId, token, watcher } = await watchedSession();
    const phone = await candidateSocket(token);
    const laptop = await candidateSocket(await candidateDevice(sessionId, orgOf(owner)));
    await nextMatching(watcher, (f) => f.online === true);
    await phone.close();
    laptop.send({ type: 'progress', questionIndex: 0, questionCount: 2, bytesLeft: 0 });
    const next = await nextMatching(watcher, (f) => f.currentQuestion === 1);
    expect(next.online).toBe(true);
  });

  it('marks a silent device offline since it was last heard from, by the alarm, and closes it', async () => {
    const { sessionId, token, watcher } = await watchedSession();
    const candidate = await candidateSocket(token);
    await nextMatching(watcher, (f) => f.online === true);
    const stub = sessionStub(env, sessionId);
    const lastHeard = Date.now() - LIVE_SILENCE_MS - 5_000;
    // The network died without a close: pretend its last frame was longer ago than allowed.
    await runInDurableObject(stub, (_instance, state) => {
      for (const ws of state.getWebSockets('candidate')) ws.serializeAttachment({ ...(ws.deserializeAttachment() as object), lastFrameAt: lastHeard });
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const offline = await nextMatching(watcher, (f) => f.online === false);
    expect(offline.offlineSince).toBe(lastHeard);
    expect((await candidate.closed).code).toBe(4408);
  });

  it('keeps a device that only pings (answered without waking the object) online when the alarm rings', async () => {
    const { owner, sessionId, token, watcher } = await watchedSession();
    const candidate = await candidateSocket(token);
    await nextMatching(watcher, (f) => f.online === true);
    const stub = sessionStub(env, sessionId);
    await runInDurableObject(stub, (_instance, state) => {
      for (const ws of state.getWebSockets('candidate')) ws.serializeAttachment({ ...(ws.deserializeAttachment() as object), lastFrameAt: Date.now() - LIVE_SILENCE_MS - 5_000 });
    });
    candidate.send(PING_FRAME);
    expect(await candidate.next()).toEqual({ type: 'pong' });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const another = await openSocket(`/api/sessions/${sessionId}/live`, { cookie: owner.cookie });
    expect(await another.next()).toMatchObject({ online: true, offlineSince: null });
    // The check is booked again for when this device would fall silent.
    const due = await runInDurableObject(stub, (_i, state) => state.storage.sql.exec<{ due_at: number }>("SELECT due_at FROM alarms WHERE name = 'liveSilence'").toArray());
    expect(due).toHaveLength(1);
  });

  it('tells watchers when the session changes state', async () => {
    const { sessionId, watcher } = await watchedSession();
    await moveTo(sessionId, ['in_progress']);
    await sessionStub(env, sessionId).announceLiveStatus();
    expect(await nextMatching(watcher, (f) => f.status === 'in_progress')).toMatchObject({ status: 'in_progress' });
  });

  it('tells watchers when the candidate completes and when the review is finished, without being asked', async () => {
    const taken = await takenSession({ label: 'live-states', complete: false });
    const watcher = await openSocket(`/api/sessions/${taken.sessionId}/live`, { cookie: taken.owner.cookie });
    expect(await watcher.next()).toMatchObject({ status: 'in_progress' });
    const done = await candidatePost('/api/candidate/complete', { clientId: crypto.randomUUID() }, taken.deviceToken);
    expect(done.status).toBe(200);
    await nextMatching(watcher, (f) => f.status === 'completed');
    expect((await as(taken.owner).send('POST', `/api/sessions/${taken.sessionId}/finish-review`)).status).toBe(200);
    await nextMatching(watcher, (f) => f.status === 'reviewed');
  });

  it('keeps presence and sockets through the object being evicted (hibernation)', async () => {
    const { sessionId, token, watcher } = await watchedSession();
    const candidate = await candidateSocket(token);
    candidate.send({ type: 'progress', questionIndex: 4, questionCount: 6, bytesLeft: 99 });
    await nextMatching(watcher, (f) => f.currentQuestion === 5);
    await evictDurableObject(sessionStub(env, sessionId));
    candidate.send({ type: 'progress', questionIndex: 5, questionCount: 6, bytesLeft: 0 });
    expect(await nextMatching(watcher, (f) => f.currentQuestion === 6)).toMatchObject({ online: true, bytesLeft: 0 });
  });
});

describe('live status: closing as the platform expects', () => {
  it("answers the peer's close with the peer's own code", async () => {
    const { token, watcher } = await watchedSession();
    const candidate = await candidateSocket(token);
    await nextMatching(watcher, (f) => f.online === true);
    candidate.ws.close(4000, 'leaving');
    expect(await candidate.closed).toEqual({ code: 4000, reason: 'leaving' });
    expect(await nextMatching(watcher, (f) => f.online === false)).toMatchObject({ online: false });
  });

  it('never answers an abnormal closure (1006) or a close without a code (1005) with a close frame', async () => {
    for (const code of [1006, 1005]) {
      const { sessionId, token, watcher } = await watchedSession();
      await candidateSocket(token);
      await nextMatching(watcher, (f) => f.online === true);
      // The runtime reports these codes when no close frame came; workerd's test client cannot
      // drop its transport, so the handler is called as the runtime would call it.
      const closes = await runInDurableObject(sessionStub(env, sessionId), async (instance, state) => {
        const [ws] = state.getWebSockets('candidate');
        if (!ws) throw new Error('no candidate socket');
        const close = vi.spyOn(ws, 'close');
        await instance.webSocketClose(ws, code, '');
        return close.mock.calls.length;
      });
      expect(closes).toBe(0);
      expect(await nextMatching(watcher, (f) => f.online === false)).toMatchObject({ online: false });
    }
  });

  it('treats a socket error as the end of the connection, without sending anything on it', async () => {
    const { sessionId, token, watcher } = await watchedSession();
    await candidateSocket(token);
    await nextMatching(watcher, (f) => f.online === true);
    const calls = await runInDurableObject(sessionStub(env, sessionId), async (instance, state) => {
      const [ws] = state.getWebSockets('candidate');
      if (!ws) throw new Error('no candidate socket');
      const close = vi.spyOn(ws, 'close');
      const send = vi.spyOn(ws, 'send');
      await instance.webSocketError(ws, new Error('Network connection lost'));
      return close.mock.calls.length + send.mock.calls.length;
    });
    expect(calls).toBe(0);
    expect(await nextMatching(watcher, (f) => f.online === false)).toMatchObject({ online: false });
  });
});

describe('live status: every frame is checked', () => {
  it('answers a malformed frame with an error and keeps the socket and the status', async () => {
    const { token, watcher } = await watchedSession();
    const candidate = await candidateSocket(token);
    candidate.send({ type: 'progress', questionIndex: 1, questionCount: 4, bytesLeft: 5 });
    await nextMatching(watcher, (f) => f.currentQuestion === 2);
    for (const bad of [
      'not json',
      { type: 'progress', questionIndex: -1, questionCount: 4, bytesLeft: 0 },
      { type: 'status', online: false },
      { type: 'ping', extra: 1 },
      'x'.repeat(5000),
    ]) {
      candidate.send(bad);
      expect(await candidate.next()).toMatchObject({ type: 'error', code: 'invalid_frame' });
    }
    candidate.send({ type: 'progress', questionIndex: 2, questionCount: 4, bytesLeft: 0 });
    expect(await nextMatching(watcher, (f) => f.currentQuestion === 3)).toMatchObject({ online: true });
  });

  it('lets watchers only ping', async () => {
    const { watcher } = await watchedSession();
    watcher.send({ type: 'progress', questionIndex: 1, questionCount: 4, bytesLeft: 5 });
    expect(await watcher.next()).toMatchObject({ type: 'error', code: 'invalid_frame' });
    watcher.send(PING_FRAME);
    expect(await watcher.next()).toEqual({ type: 'pong' });
  });
});

describe('live status: who may connect', () => {
  it('refuses a logged-out visitor (401), another organization (404) and a cross-site page (403)', async () => {
    const owner = await register('live-a');
    const stranger = await register('live-b');
    const sessionId = await sessionIn(orgOf(owner));
    const upgrade = { upgrade: 'websocket' };
    expect((await api(`/api/sessions/${sessionId}/live`, { headers: upgrade })).status).toBe(401);
    const elsewhere = await api(`/api/sessions/${sessionId}/live`, { headers: { ...upgrade, cookie: stranger.cookie } });
    expect(elsewhere.status).toBe(404);
    expect(await elsewhere.json()).toMatchObject({ error: { code: 'not_found' } });
    const crossSite = await api(`/api/sessions/${sessionId}/live`, { headers: { ...upgrade, cookie: owner.cookie, origin: 'https://evil.example' } });
    expect(crossSite.status).toBe(403);
  });

  it('lets every role that may read sessions watch', async () => {
    const owner = await register('live-roles');
    const reviewer = await addMember(owner, 'reviewer');
    const sessionId = await sessionIn(orgOf(owner));
    const socket = await openSocket(`/api/sessions/${sessionId}/live`, { cookie: reviewer.cookie });
    expect(await socket.next()).toMatchObject({ type: 'status' });
  });

  it('refuses a candidate socket without a known device token (401) and a plain GET (426)', async () => {
    const owner = await register('live-c');
    const sessionId = await sessionIn(orgOf(owner));
    const upgrade = { upgrade: 'websocket' };
    expect((await api('/api/candidate/live', { headers: upgrade })).status).toBe(401);
    expect((await api(`/api/candidate/live?token=${'A'.repeat(32)}`, { headers: upgrade })).status).toBe(401);
    const token = await candidateDevice(sessionId, orgOf(owner));
    const plain = await api(`/api/candidate/live?token=${token}`);
    expect(plain.status).toBe(426);
    expect(await plain.json()).toMatchObject({ error: { code: 'upgrade_required' } });
  });

  it('never lets a candidate token watch: the member route needs a member', async () => {
    const owner = await register('live-d');
    const sessionId = await sessionIn(orgOf(owner));
    const token = await candidateDevice(sessionId, orgOf(owner));
    const res = await api(`/api/sessions/${sessionId}/live`, { headers: { upgrade: 'websocket', authorization: `Bearer ${token}` } });
    expect(res.status).toBe(401);
  });
});
