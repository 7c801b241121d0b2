import { env } from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sessionTimeline } from '../../../worker/review/timeline';
import { sessionStub } from '../../../worker/sessions';
import { addMember, as } from '../support/auth-helpers';
import { addCandidate, candidateGet, candidatePost, EXAMPLE_IDS, recruiting, startedEntry, uniqueCandidateEmail } from '../support/candidates-helpers';
import { nextMatching, openSocket, type Socket, sameOrigin } from '../support/review-helpers';

/** A candidate started on a three-question interview (text, choice, scale), watched by its owner. */
async function startedAndWatched(label: string) {
  const r = await recruiting(label, { questionIds: [EXAMPLE_IDS.text, EXAMPLE_IDS.choice, EXAMPLE_IDS.scale] });
  const email = uniqueCandidateEmail(label);
  const added = await addCandidate(r, { name: `Candidate ${label}`, email });
  const entry = await startedEntry(added.inviteToken, { email });
  const watcher = await openSocket(`/api/sessions/${entry.sessionId}/live`, { cookie: r.owner.cookie, ...sameOrigin });
  await watcher.next();
  const answer = async (questionId: string, value: unknown) => {
    const res = await candidatePost('/api/candidate/answers', { clientId: crypto.randomUUID(), questionId, value }, entry.deviceToken);
    expect(res.status, await res.clone().text()).toBe(200);
  };
  return { ...r, sessionId: entry.sessionId, deviceToken: entry.deviceToken, watcher, answer };
}

const candidateSocket = (token: string) => openSocket(`/api/candidate/live?token=${token}`);

/** The first thing that happens to a socket: a frame, or its close. */
async function nextEvent(socket: Socket): Promise<{ frame: unknown } | { closed: { code: number; reason: string } }> {
  return Promise.race([socket.next().then((frame) => ({ frame })), socket.closed.then((closed) => ({ closed }))]);
}

afterEach(() => {
  vi.useRealTimers();
});

describe('live status: where the candidate stopped', () => {
  it('says the candidate paused on the question they stopped at after "Finish later", until they take a question up again', async () => {
    const { deviceToken, watcher, answer } = await startedAndWatched('live-paused');
    const device = await candidateSocket(deviceToken);
    await answer(EXAMPLE_IDS.text, 'Because it survives bad networks.');
    await answer(EXAMPLE_IDS.choice, 'remote');
    device.send({ type: 'progress', questionIndex: 2, questionCount: 3, bytesLeft: 0 });
    await nextMatching(watcher, (f) => f.currentQuestion === 3);

    const later = await candidatePost('/api/candidate/finish-later', { clientId: crypto.randomUUID() }, deviceToken);
    expect(later.status).toBe(200);
    expect(await nextMatching(watcher, (f) => f.paused === true)).toMatchObject({ currentQuestion: 3, questionCount: 3, paused: true, answeredCount: 2 });

    // The "answers saved" screen keeps reporting where the candidate stopped, still paused.
    device.send({ type: 'progress', questionIndex: 2, questionCount: 3, bytesLeft: 0, paused: true });
    device.send({ type: 'progress', questionIndex: 2, questionCount: 3, bytesLeft: 10, paused: true });
    expect(await nextMatching(watcher, (f) => f.bytesLeft === 10)).toMatchObject({ currentQuestion: 3, paused: true });

    // "Continue now": back on the question, no longer paused.
    device.send({ type: 'progress', questionIndex: 2, questionCount: 3, bytesLeft: 0 });
    expect(await nextMatching(watcher, (f) => f.paused === false)).toMatchObject({ currentQuestion: 3, online: true });
  });

  it('counts the answers the session holds, pushed to watchers with each one', async () => {
    const { watcher, answer } = await startedAndWatched('live-progress');
    await answer(EXAMPLE_IDS.text, 'Because it survives bad networks.');
    expect(await nextMatching(watcher, (f) => f.answeredCount === 1)).toMatchObject({ answeredCount: 1, status: 'in_progress' });
    await answer(EXAMPLE_IDS.choice, 'remote');
    expect(await nextMatching(watcher, (f) => f.answeredCount === 2)).toMatchObject({ answeredCount: 2 });
  });
});

describe('live status: back online at the first request', () => {
  it("is online again from the device's first request after a cut, and the disconnect lasts exactly as long as the cut", async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const t0 = Date.UTC(2026, 10, 26, 9, 0, 0);
    vi.setSystemTime(t0);
    const { owner, sessionId, deviceToken, watcher, answer } = await startedAndWatched('live-back');
    const device = await candidateSocket(deviceToken);
    await nextMatching(watcher, (f) => f.online === true);

    // The network is cut at t0 + 1 s: the device's socket drops.
    vi.setSystemTime(t0 + 1_000);
    await device.close();
    expect(await nextMatching(watcher, (f) => f.online === false)).toMatchObject({ offlineSince: t0 + 1_000 });

    // 15 s later the network is back; the socket is still waiting out its backoff, but the
    // uploader's first request gets through: that is the moment the device is back.
    vi.setSystemTime(t0 + 16_000);
    await answer(EXAMPLE_IDS.text, 'Sent once the network came back.');
    expect(await nextMatching(watcher, (f) => f.online === true)).toMatchObject({ online: true, offlineSince: null });
    const fresh = await openSocket(`/api/sessions/${sessionId}/live`, { cookie: owner.cookie });
    expect(await fresh.next()).toMatchObject({ online: true });

    const material = await sessionStub(env, sessionId).reviewMaterial();
    expect(material.disconnects).toEqual([{ startedAt: t0 + 1_000, endedAt: t0 + 16_000 }]);
    const timeline = sessionTimeline({ session: { createdAt: t0, startedAt: t0 }, events: [], memberNames: new Map(), material, deviceStarts: [] });
    expect(timeline.find((e) => e.kind === 'disconnected')).toMatchObject({ detail: 'Offline for 15 s', durationMs: 15_000 });
  });

  it('brings a device back with a recording chunk or the manifest too, not only with an answer', async () => {
    const { deviceToken, watcher } = await startedAndWatched('live-back-manifest');
    const device = await candidateSocket(deviceToken);
    await nextMatching(watcher, (f) => f.online === true);
    await device.close();
    await nextMatching(watcher, (f) => f.online === false);
    const manifest = await candidateGet('/api/candidate/recordings/manifest', deviceToken);
    expect(manifest.status).toBe(200);
    expect(await nextMatching(watcher, (f) => f.online === true)).toMatchObject({ online: true });
  });
});

describe('live status: only members may keep watching', () => {
  it("closes a removed member's watcher socket (4403) instead of telling it anything more", async () => {
    const { owner, sessionId, answer, watcher: ownersWatcher } = await startedAndWatched('live-removed');
    const recruiter = await addMember(owner, 'recruiter');
    const watcher = await openSocket(`/api/sessions/${sessionId}/live`, { cookie: recruiter.cookie, ...sameOrigin });
    await watcher.next();
    expect((await as(owner).send('DELETE', `/api/members/${recruiter.memberId}`)).status).toBe(204);

    await answer(EXAMPLE_IDS.text, 'Said after the recruiter left.');
    expect(await nextEvent(watcher)).toEqual({ closed: { code: 4403, reason: 'no longer a member' } });
    // Members still in the organization keep being told.
    expect(await nextMatching(ownersWatcher, (f) => f.answeredCount === 1)).toMatchObject({ answeredCount: 1 });
  });

  it("closes a demoted member's watcher socket, so the dashboard reconnects under the new role", async () => {
    const { owner, sessionId, answer } = await startedAndWatched('live-demoted');
    const admin = await addMember(owner, 'admin');
    const watcher = await openSocket(`/api/sessions/${sessionId}/live`, { cookie: admin.cookie, ...sameOrigin });
    await watcher.next();
    expect((await as(owner).send('PATCH', `/api/members/${admin.memberId}`, { role: 'reviewer' })).status).toBe(200);

    await answer(EXAMPLE_IDS.text, 'Said after the demotion.');
    expect(await nextEvent(watcher)).toEqual({ closed: { code: 4403, reason: 'role changed' } });
    // Reconnecting is authorized as the member is now: a reviewer may still read sessions.
    const again = await openSocket(`/api/sessions/${sessionId}/live`, { cookie: admin.cookie, ...sameOrigin });
    expect(await again.next()).toMatchObject({ type: 'status', answeredCount: 1 });
  });
});
