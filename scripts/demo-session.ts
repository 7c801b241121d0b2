/**
 * The demo session a newcomer reviews first: `npm start` takes the seeded candidate Riley Reviewed
 * through the candidate API as a device would — a real 5-second video (the recording fixture,
 * chunk by chunk), a short audio answer, text, a choice, a scale — and submits; the Worker's seed,
 * called once more, then rates the answers as the demo owner. Everything is keyed on fixed ids, so
 * running it again changes nothing, and a run cut short continues where it stopped.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type SeedReport, seed } from './dev-server.ts';

const MEDIA = new URL('../test/fixtures/media/', import.meta.url);
const VIDEO = JSON.parse(readFileSync(new URL('recording.json', MEDIA), 'utf8')) as { mimeType: string; realDurationMs: number; chunks: { file: string }[] };
const AUDIO = { file: 'demo-audio.webm', mimeType: 'audio/webm;codecs=opus', durationMs: 5021 } as const;

const TEXT_ANSWER =
  'I like support work because every ticket is a small puzzle with a person behind it. In my last role I cut our median first reply from four hours to forty minutes by writing a triage guide with the team, and I still enjoy the moment a customer writes back that it works.';

interface DemoQuestion {
  id: string;
  type: string;
  mode?: 'single' | 'multiple';
  options?: { id: string }[];
  items?: { id: string }[];
  steps?: number;
}

export interface DemoSessionReport {
  created: string[];
  existing: string[];
  /** Where the review page of the demo session is, in the dashboard. */
  reviewPath: string;
}

async function call<T>(url: string, init: RequestInit & { expect?: number[] } = {}): Promise<{ status: number; body: T }> {
  const res = await fetch(url, init);
  const text = await res.text();
  if (!(init.expect ?? [200, 201]).includes(res.status)) throw new Error(`${init.method ?? 'GET'} ${new URL(url).pathname} answered ${res.status}: ${text}`);
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

function post<T>(url: string, headers: Record<string, string>, body: unknown, expect?: number[]) {
  return call<T>(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body), ...(expect ? { expect } : {}) });
}

/** A device token for the invite: a fresh start, or (after a run cut short) the emailed code, read from the dev outbox. */
async function enter(baseUrl: string, token: string, email: string): Promise<string> {
  const started = await post<{ deviceToken?: string; verificationId?: string }>(`${baseUrl}/api/links/${token}/start`, {}, { email }, [200, 201, 202]);
  if (started.body.deviceToken) return started.body.deviceToken;
  const outbox = await call<{ messages: { text: string }[] }>(`${baseUrl}/api/dev/outbox?to=${encodeURIComponent(email)}`);
  const code = outbox.body.messages.map((m) => m.text.match(/\n\s+(\d{6})\n/)?.[1]).find(Boolean);
  if (!code) throw new Error(`no one-time code mailed to ${email}`);
  const verified = await post<{ deviceToken: string }>(`${baseUrl}/api/links/${token}/verify`, {}, { verificationId: started.body.verificationId, code });
  return verified.body.deviceToken;
}

/** A stable id for this question's writes, so a second run repeats them rather than adding new ones. */
const stableId = (kind: string, questionId: string) => `demo-${kind}-${createHash('sha256').update(questionId).digest('hex').slice(0, 24)}`;

async function record(baseUrl: string, auth: Record<string, string>, question: DemoQuestion, chunks: Uint8Array[], mimeType: string, durationMs: number): Promise<string> {
  const segmentId = stableId('segment', question.id);
  for (const [seq, bytes] of chunks.entries()) {
    await call(`${baseUrl}/api/candidate/recordings/${segmentId}/chunks/${seq}`, {
      method: 'PUT',
      headers: {
        ...auth,
        'content-type': 'application/octet-stream',
        'x-answer-id': question.id,
        'x-media-type': mimeType,
        'x-chunk-sha256': createHash('sha256').update(bytes).digest('hex'),
      },
      body: new Uint8Array(bytes),
    });
  }
  await post(`${baseUrl}/api/candidate/recordings/${segmentId}/finish`, auth, { answerId: question.id, chunkCount: chunks.length, durationMs }, [200, 202]);
  return segmentId;
}

function answerOf(question: DemoQuestion): unknown {
  switch (question.type) {
    case 'text':
      return TEXT_ANSWER;
    case 'choice':
      return [question.options?.[0]?.id];
    case 'scale':
      return Object.fromEntries((question.items ?? []).map((item, i) => [item.id, 1 + ((i * 2 + 3) % (question.steps ?? 5))]));
    case 'code':
      return { code: '// A demo answer.\n' };
    default:
      throw new Error(`the demo session cannot answer a ${question.type} question`);
  }
}

export async function seedDemoSession(baseUrl: string, report: SeedReport): Promise<DemoSessionReport> {
  const reviewed = report.reviewed;
  if (!reviewed) return { created: [], existing: [], reviewPath: '/dashboard' };
  const reviewPath = `/dashboard/sessions/${reviewed.sessionId}`;
  const what = `completed session of ${reviewed.email}`;
  if (!['not_started', 'in_progress'].includes(reviewed.status) || !reviewed.inviteToken) {
    return { created: [], existing: [what], reviewPath };
  }
  const auth = { authorization: `Bearer ${await enter(baseUrl, reviewed.inviteToken, reviewed.email)}` };
  const { body: session } = await call<{ questions: DemoQuestion[]; answers: Record<string, unknown> }>(`${baseUrl}/api/candidate/session`, { headers: auth });
  for (const question of session.questions) {
    if (session.answers[question.id]) continue;
    let value: unknown;
    if (question.type === 'video') {
      const chunks = VIDEO.chunks.map((c) => readFileSync(new URL(c.file, MEDIA)));
      value = { recording: { segments: [await record(baseUrl, auth, question, chunks, VIDEO.mimeType, VIDEO.realDurationMs)] } };
    } else if (question.type === 'audio') {
      value = { recording: { segments: [await record(baseUrl, auth, question, [readFileSync(new URL(AUDIO.file, MEDIA))], AUDIO.mimeType, AUDIO.durationMs)] } };
    } else {
      value = answerOf(question);
    }
    await post(`${baseUrl}/api/candidate/answers`, auth, { clientId: stableId('answer', question.id), questionId: question.id, value }, [200, 409]);
  }
  await post(`${baseUrl}/api/candidate/complete`, auth, { clientId: stableId('complete', reviewed.sessionId) });
  // Submitted now: the seed rates it as the demo owner.
  const rated = await seed(baseUrl);
  return { created: [what, ...rated.created], existing: [], reviewPath };
}
