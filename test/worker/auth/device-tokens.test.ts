import { env, listDurableObjectIds } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { deviceTokenDigest, newDeviceToken } from '../../../worker/candidate-auth';
import { insertDeviceStatement } from '../../../worker/db/devices';
import { signingKeySecret } from '../../../worker/db/signing-keys';
import { as } from '../support/auth-helpers';
import { candidatePost, EXAMPLE_IDS, startedCandidate } from '../support/candidates-helpers';
import { api } from '../support/helpers';

const answer = (clientId: string) => ({ clientId, questionId: EXAMPLE_IDS.text, value: 'An answer.' });

function putChunk(deviceToken: string): Promise<Response> {
  return api('/api/candidate/recordings/segment-device-1/chunks/0', {
    method: 'PUT',
    headers: {
      authorization: `Bearer ${deviceToken}`,
      'x-answer-id': EXAMPLE_IDS.text,
      'x-media-type': 'video/webm',
      'x-chunk-sha256': '0'.repeat(64),
    },
    body: new Uint8Array([1, 2, 3]),
  });
}

async function errorCode(res: Response): Promise<string> {
  return ((await res.json()) as { error: { code: string } }).error.code;
}

/** Whether the platform holds storage for the object of this id: listed only once created. */
async function objectExists(name: string): Promise<boolean> {
  const id = env.INTERVIEW_SESSION.idFromName(name).toString();
  return (await listDurableObjectIds(env.INTERVIEW_SESSION)).some((listed) => listed.toString() === id);
}

/** `<random><session id>.<tag>`, split into its parts. */
function partsOf(token: string): { routed: string; tag: string } {
  const [routed = '', tag = ''] = token.split('.');
  return { routed, tag };
}

const fakeTag = 'A'.repeat(22);

describe('device tokens on the write paths, checked by the session object', () => {
  it('refuse a token whose random part the session never admitted, even with the right session id', async () => {
    const s = await startedCandidate('forged');
    for (const forged of [`${newDeviceToken()}${s.sessionId}`, `${newDeviceToken()}${s.sessionId}.${fakeTag}`]) {
      const res = await candidatePost('/api/candidate/answers', answer('forged-00001'), forged);
      expect(res.status).toBe(401);
      expect(await errorCode(res)).toBe('device_not_recognized');
      const chunk = await putChunk(forged);
      expect(chunk.status).toBe(401);
      expect(await errorCode(chunk)).toBe('device_not_recognized');
    }
  });

  it('refuse one session’s token routed to another session', async () => {
    const mine = await startedCandidate('mine');
    const other = await startedCandidate('other');
    const { routed, tag } = partsOf(mine.deviceToken);
    const random = routed.slice(0, 32);
    for (const spliced of [`${random}${other.sessionId}`, `${random}${other.sessionId}.${tag}`, `${random}${other.sessionId}.${partsOf(other.deviceToken).tag}`]) {
      const res = await candidatePost('/api/candidate/answers', answer('spliced-0001'), spliced);
      expect(res.status).toBe(401);
    }
    expect((await candidatePost('/api/candidate/answers', answer('spliced-0002'), mine.deviceToken)).status).toBe(200);
  });

  it('wake no object for a session id the server never signed: no storage is created for it', async () => {
    const s = await startedCandidate('signed');
    expect(await objectExists(s.sessionId)).toBe(true);
    const madeUp = crypto.randomUUID();
    const { tag } = partsOf(s.deviceToken);
    const forgeries = [`${newDeviceToken()}${madeUp}`, `${newDeviceToken()}${madeUp}.${fakeTag}`, `${newDeviceToken()}${madeUp}.${tag}`];
    for (const forged of forgeries) {
      const res = await candidatePost('/api/candidate/answers', answer('madeup-00001'), forged);
      expect(res.status).toBe(401);
      expect(await errorCode(res)).toBe('device_not_recognized');
      expect((await putChunk(forged)).status).toBe(401);
    }
    expect(await objectExists(madeUp)).toBe(false);
  });

  it('accept a signed token with no D1 lookup of the device: the object holds its digest', async () => {
    const s = await startedCandidate('no-d1');
    expect(s.deviceToken).toMatch(/^[A-Za-z0-9_-]{32}[A-Za-z0-9_-]{8,64}\.[A-Za-z0-9_-]{22}$/);
    expect(s.deviceToken.slice(32, 32 + s.sessionId.length)).toBe(s.sessionId);
    await env.DB.prepare('DELETE FROM candidate_devices WHERE session_id = ?').bind(s.sessionId).run();
    expect((await candidatePost('/api/candidate/answers', answer('no-d1-000001'), s.deviceToken)).status).toBe(200);
    // The routes that read the session from D1 no longer know the device, so D1 was not asked above.
    expect((await candidatePost('/api/candidate/complete', { clientId: 'no-d1-000002' }, s.deviceToken)).status).toBe(401);
  });

  it('sign with one key that every isolate agrees on, stored by the first that needs it', async () => {
    const proposals = Array.from({ length: 5 }, () => crypto.randomUUID());
    const stored = await Promise.all(proposals.map((proposed) => signingKeySecret(env.DB, 'race-test', proposed, Date.now())));
    expect(new Set(stored).size).toBe(1);
    expect(proposals).toContain(stored[0]);
    expect(await signingKeySecret(env.DB, 'race-test', 'another', Date.now())).toBe(stored[0]);
  });

  it('stop working once the session is deleted', async () => {
    const s = await startedCandidate('revoked');
    expect((await candidatePost('/api/candidate/answers', answer('revoked-0001'), s.deviceToken)).status).toBe(200);
    const deleted = await as(s.owner).send('DELETE', `/api/sessions/${s.sessionId}`, { confirmName: `Candidate revoked` });
    expect(deleted.status).toBe(204);
    const res = await candidatePost('/api/candidate/answers', { ...answer('revoked-0002'), questionId: EXAMPLE_IDS.choice, value: ['remote'] }, s.deviceToken);
    expect(res.status).toBe(401);
    expect((await putChunk(s.deviceToken)).status).toBe(401);
  });

  it('still accept a token minted before tokens named their session, found in D1 once', async () => {
    const s = await startedCandidate('legacy');
    const legacy = newDeviceToken();
    await insertDeviceStatement(env.DB, { tokenHash: await deviceTokenDigest(legacy), sessionId: s.sessionId, orgId: s.owner.signedIn.organization.id, now: Date.now() }).run();
    expect((await candidatePost('/api/candidate/answers', answer('legacy-00001'), legacy)).status).toBe(200);
    // And it is revoked like any other.
    await as(s.owner).send('DELETE', `/api/sessions/${s.sessionId}`, { confirmName: 'Candidate legacy' });
    expect((await candidatePost('/api/candidate/answers', { ...answer('legacy-00002'), questionId: EXAMPLE_IDS.choice, value: ['remote'] }, legacy)).status).toBe(401);
  });
});
