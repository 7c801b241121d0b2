/** A session whose interview has rubrics ("What a good answer covers"), taken through the real candidate routes. */
import { env, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { expect } from 'vitest';
import type { InterviewSession } from '../../../durable/InterviewSession';
import type { AnalysisProvider } from '../../../worker/analysis/provider';
import type { AnalysisView, SpeechLevels } from '../../../worker/schemas/analysis';
import type { Interview } from '../../../worker/schemas/interviews';
import type { Question } from '../../../worker/schemas/questions';
import { sessionStub } from '../../../worker/sessions';
import { type Account, as, register } from '../support/auth-helpers';
import { addCandidate, candidatePost, createInterview, startedEntry, uniqueCandidateEmail } from '../support/candidates-helpers';
import { webmFixture } from '../support/recording-fixture';

const VIDEO_RUBRIC = 'Describes the migration of the billing system\n- Moved one service at a time\n- States the result as a number\n- Mentions hiring a team';
const TEXT_RUBRIC = 'Names a network problem\nSays how the app survives it';
export const TEXT_ANSWER = 'Phones lose the network in lifts and trains. The app survives it by saving every answer on the device first and sending it later.';

/** 1 s of speech, 3.5 s quiet, 2 s speech, 2 s quiet (not long), 1 s speech, 4 s quiet: at 100 ms per level. */
export const SPOKEN_LEVELS: SpeechLevels = {
  intervalMs: 100,
  levels: [...Array(10).fill(20), ...Array(35).fill(2), ...Array(20).fill(30), ...Array(20).fill(0), ...Array(10).fill(50), ...Array(40).fill(1)],
};
export const SILENT_LEVELS: SpeechLevels = { intervalMs: 100, levels: Array(50).fill(3) };

async function question(owner: Account, body: Record<string, unknown>): Promise<string> {
  const res = await as(owner).send('POST', '/api/questions', body);
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { question: Question }).question.id;
}

export interface AnalysedSession {
  owner: Account;
  sessionId: string;
  orgId: string;
  email: string;
  ids: { video: string; audio: string; text: string; choice: string };
  segments: string[];
  silentSegment: string;
  retakeSegment: string;
}

async function recordSegment(sessionId: string, answerId: string, speech: SpeechLevels): Promise<string> {
  const stub = sessionStub(env, sessionId);
  const segmentId = `segment-${crypto.randomUUID()}`;
  for (const [seq, chunk] of webmFixture.chunks.entries()) {
    const result = await stub.recordChunk({ answerId, segmentId, seq, mimeType: webmFixture.mimeType, sha256: chunk.sha256, bytes: chunk.bytes.slice().buffer });
    expect(result.kind).toBe('stored');
  }
  const finished = await stub.finishSegment({ answerId, segmentId, chunkCount: webmFixture.chunks.length, durationMs: webmFixture.realDurationMs, speech });
  expect(finished.kind, JSON.stringify(finished)).toBe('finalized');
  return segmentId;
}

/**
 * Video (two segments, one retake left out), a silent audio answer, text and a scored choice, all
 * with rubrics where they can have one; completed unless told otherwise.
 */
export async function analysedSession(options: { owner?: Account; tokens?: number } = {}): Promise<AnalysedSession> {
  const owner = options.owner ?? (await register('analysis'));
  const orgId = owner.signedIn.organization.id;
  if (options.tokens !== undefined) await env.DB.prepare('UPDATE organizations SET ai_tokens = ? WHERE id = ?').bind(options.tokens, orgId).run();
  const recorded = { thinkTimeSeconds: 0, maxAnswerSeconds: 120, attempts: 3, mayReviewTake: true, tags: [] };
  const ids = {
    video: await question(owner, { type: 'video', title: 'A migration you led', prompt: 'Tell us about it.', goodAnswer: VIDEO_RUBRIC, ...recorded }),
    audio: await question(owner, { type: 'audio', title: 'Pitch us', prompt: 'One minute.', goodAnswer: 'Names the product', ...recorded }),
    text: await question(owner, { type: 'text', title: 'Bad networks', prompt: 'What goes wrong?', goodAnswer: TEXT_RUBRIC, wordLimit: null, tags: [] }),
    choice: await question(owner, {
      type: 'choice',
      title: 'Pick the prime',
      prompt: 'Which?',
      mode: 'single',
      options: [
        { id: 'a', label: '21' },
        { id: 'b', label: '23' },
      ],
      correctOptionIds: ['b'],
      points: 2,
      tags: [],
    }),
  };
  const interview = await createInterview(owner, { questionIds: [ids.video, ids.audio, ids.text, ids.choice] });
  const email = uniqueCandidateEmail('analysed');
  const added = await addCandidate({ owner, interview: { id: interview.id } as Interview }, { name: 'Grace Analysed', email });
  const entry = await startedEntry(added.inviteToken, { email });
  const sessionId = entry.sessionId;
  const retakeSegment = await recordSegment(sessionId, ids.video, SILENT_LEVELS);
  const segments = [await recordSegment(sessionId, ids.video, SPOKEN_LEVELS), await recordSegment(sessionId, ids.video, SPOKEN_LEVELS)];
  const silentSegment = await recordSegment(sessionId, ids.audio, SILENT_LEVELS);
  const answer = async (questionId: string, value: unknown) => {
    const res = await candidatePost('/api/candidate/answers', { clientId: crypto.randomUUID(), questionId, value }, entry.deviceToken);
    expect(res.status, await res.clone().text()).toBe(200);
  };
  await answer(ids.video, { recording: { segments } });
  await answer(ids.audio, { recording: { segments: [silentSegment] } });
  await answer(ids.text, TEXT_ANSWER);
  await answer(ids.choice, 'b');
  const done = await candidatePost('/api/candidate/complete', { clientId: crypto.randomUUID() }, entry.deviceToken);
  expect(done.status, await done.clone().text()).toBe(200);
  return { owner, sessionId, orgId, email, ids, segments, silentSegment, retakeSegment };
}

export async function analysisOf(account: Account, sessionId: string): Promise<AnalysisView> {
  const res = await as(account).get(`/api/sessions/${sessionId}/analysis`);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as AnalysisView;
}

/** Rings the session's alarm until its analysis is no longer pending (the job runs from the alarm). */
export async function settled(account: Account, sessionId: string): Promise<AnalysisView> {
  for (let i = 0; i < 100; i++) {
    const view = await analysisOf(account, sessionId);
    if (view.status !== 'pending') return view;
    await runDurableObjectAlarm(sessionStub(env, sessionId));
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the analysis stayed pending');
}

export interface LedgerRow {
  what: string;
  tokens: number;
  member_id: string | null;
  idem_key: string;
}

export async function ledgerOf(sessionId: string): Promise<LedgerRow[]> {
  const { results } = await env.DB.prepare('SELECT what, tokens, member_id, idem_key FROM ai_ledger WHERE session_id = ? ORDER BY idem_key').bind(sessionId).all<LedgerRow>();
  return results;
}

export async function balanceOf(orgId: string): Promise<number> {
  return (await env.DB.prepare('SELECT ai_tokens FROM organizations WHERE id = ?').bind(orgId).first<{ ai_tokens: number }>())!.ai_tokens;
}

interface AnalysisPart {
  run(provider: AnalysisProvider | null): Promise<void>;
}

/**
 * Adds a pending job to the session without ringing its alarm, and runs it with `provider`: the
 * test decides when (and how often) the job is delivered.
 */
export async function addJob(sessionId: string, jobId: string): Promise<void> {
  await runInDurableObject(sessionStub(env, sessionId), (instance: InterviewSession, state) => {
    state.storage.sql.exec("INSERT INTO analysis_jobs (job_id, requested_at, state, attempts) VALUES (?, ?, 'pending', 0)", jobId, Date.now() + 1);
    void instance;
  });
}

export async function deliver(sessionId: string, provider: AnalysisProvider | null): Promise<void> {
  await runInDurableObject(sessionStub(env, sessionId), (instance: InterviewSession) => (instance as unknown as { analysis: AnalysisPart }).analysis.run(provider));
}
