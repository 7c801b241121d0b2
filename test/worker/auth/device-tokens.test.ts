import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { deviceTokenDigest, newDeviceToken } from '../../../worker/candidate-auth';
import { insertDeviceStatement } from '../../../worker/db/devices';
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

describe('device tokens on the write paths, checked by the session object', () => {
  it('refuse a token whose random part the session never admitted, even with the right session id', async () => {
    const s = await startedCandidate('forged');
    const forged = `${newDeviceToken()}${s.sessionId}`;
    const res = await candidatePost('/api/candidate/answers', answer('forged-00001'), forged);
    expect(res.status).toBe(401);
    expect(await errorCode(res)).toBe('device_not_recognized');
    const chunk = await putChunk(forged);
    expect(chunk.status).toBe(401);
    expect(await errorCode(chunk)).toBe('device_not_recognized');
  });

  it('refuse one session’s token routed to another session', async () => {
    const mine = await startedCandidate('mine');
    const other = await startedCandidate('other');
    const spliced = `${mine.deviceToken.slice(0, 32)}${other.sessionId}`;
    const res = await candidatePost('/api/candidate/answers', answer('spliced-0001'), spliced);
    expect(res.status).toBe(401);
    expect((await candidatePost('/api/candidate/answers', answer('spliced-0002'), mine.deviceToken)).status).toBe(200);
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
