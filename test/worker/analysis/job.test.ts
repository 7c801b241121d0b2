/**
 * The analysis job of a finished session, with the provider double at the AI binding's boundary
 * (D1, R2 and the session's Durable Object real): transcripts and rubric results, insufficient
 * data, delivery twice and a crash part way, the token ledger, overrides, re-runs, tenancy.
 */
import { env, runInDurableObject } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { recordedAi } from '../../../worker/analysis/double';
import { type AnalysisProvider, ASSESSMENT_MODEL, ASSESSMENT_SYSTEM_PROMPT, TRANSCRIPTION_MODEL, workersAiProvider } from '../../../worker/analysis/provider';
import type { AnalysisView, AnswerAnalysis, LedgerView } from '../../../worker/schemas/analysis';
import { sessionStub } from '../../../worker/sessions';
import { addMember, as, register } from '../support/auth-helpers';
import { type AnalysedSession, addJob, analysedSession, analysisOf, balanceOf, deliver, ledgerOf, settled, TEXT_ANSWER } from './analysis-support';

const answerOf = (view: AnalysisView, questionId: string): AnswerAnalysis => {
  const found = view.answers.find((a) => a.questionId === questionId);
  if (!found) throw new Error(`no analysis of ${questionId}`);
  return found;
};

const S1 = 'I led the migration of our billing system to a new database.';
const S2 = 'First I measured where the time went, then we moved one service at a time.';
const S3 = 'We kept both systems running until the numbers matched.';

describe('a completed session, analysed with a provider', { timeout: 30_000 }, () => {
  let taken: AnalysedSession;
  let view: AnalysisView;
  beforeAll(async () => {
    taken = await analysedSession();
    view = await settled(taken.owner, taken.sessionId);
  }, 30_000);

  it('is done, names its models, and scores 0–100 with a breakdown per answer', () => {
    expect(view.status).toBe('done');
    expect(view.provider).toEqual({ configured: true, models: [TRANSCRIPTION_MODEL, ASSESSMENT_MODEL] });
    expect(view.needsProvider).toEqual([]);
    // Video: met + met + partly + not met = 2.5 of 4 → 63; text: partly + met → 75.
    expect(view.overall).toEqual({
      score: 69,
      breakdown: [
        { questionId: taken.ids.video, title: 'A migration you led', score: 63 },
        { questionId: taken.ids.text, title: 'Bad networks', score: 75 },
      ],
    });
  });

  it('transcribes each segment of a recorded answer, on the take’s one timeline', () => {
    const video = answerOf(view, taken.ids.video);
    const first = view.builtins.answers.find((a) => a.questionId === taken.ids.video);
    const segmentMs = (first?.recordedMs ?? 0) / 2;
    expect(segmentMs).toBeGreaterThan(4_000);
    const starts = [0, 4_200, 12_400, 15_800];
    expect(video.transcript?.segments.map((s) => s.startMs)).toEqual([...starts, ...starts.map((ms) => ms + segmentMs)]);
    expect(video.transcript?.segments[0]?.text).toBe(S1);
  });

  it('judges each criterion met, partly or not met, quoting the answer, with where the quote is said', () => {
    const video = answerOf(view, taken.ids.video);
    expect(video.assessment).toMatchObject({
      status: 'assessed',
      score: 63,
      criteria: [
        { criterion: 'Describes the migration of the billing system', verdict: 'met', evidence: S1, atMs: 0 },
        { criterion: 'Moved one service at a time', verdict: 'met', evidence: S2, atMs: 4_200 },
        { criterion: 'States the result as a number', verdict: 'partly', evidence: S3, atMs: 12_400 },
        { criterion: 'Mentions hiring a team', verdict: 'not_met', evidence: '', atMs: null },
      ],
    });
    const text = answerOf(view, taken.ids.text);
    expect(text.transcript).toBeNull();
    expect(text.assessment).toMatchObject({
      status: 'assessed',
      score: 75,
      criteria: [
        { criterion: 'Names a network problem', verdict: 'partly', evidence: 'Phones lose the network in lifts and trains.', atMs: null },
        { criterion: 'Says how the app survives it', verdict: 'met', evidence: TEXT_ANSWER.split('trains. ')[1], atMs: null },
      ],
    });
  });

  it('says "insufficient data" for a silent recording, and asks no model about it', async () => {
    expect(answerOf(view, taken.ids.audio)).toMatchObject({
      transcript: null,
      assessment: { status: 'insufficient_data', reason: 'The recording is silent or too short: 0.0 s of speech.' },
    });
    expect((await ledgerOf(taken.sessionId)).some((r) => r.idem_key.includes(taken.ids.audio))).toBe(false);
  });

  it('shows the built-in results beside: choice points, speech measured on the device, retakes', () => {
    expect(view.builtins.choice).toEqual([{ questionId: taken.ids.choice, title: 'Pick the prime', points: 2, maxPoints: 2 }]);
    const video = view.builtins.answers.find((a) => a.questionId === taken.ids.video);
    expect(video).toMatchObject({ retakesUsed: 1, attemptsAllowed: 3, speech: { speakingMs: 8_000 } });
    const audio = view.builtins.answers.find((a) => a.questionId === taken.ids.audio);
    expect(audio).toMatchObject({ retakesUsed: 0, speech: { speakingMs: 0, silences: [{ startMs: 0, endMs: 5_000 }] } });
  });

  it('debits one ledger row per model call, on the organization, for this session', async () => {
    const rows = await ledgerOf(taken.sessionId);
    expect(rows.map((r) => [r.what, r.tokens, r.member_id]).sort()).toEqual([
      ['Rubric assessment: A migration you led', 1, null],
      ['Rubric assessment: Bad networks', 1, null],
      ['Transcript: A migration you led', 1, null],
      ['Transcript: A migration you led', 1, null],
    ]);
    expect(await balanceOf(taken.orgId)).toBe(96);
    const res = await as(taken.owner).get('/api/org/ai-ledger');
    expect(res.status).toBe(200);
    const ledger = (await res.json()) as LedgerView;
    expect(ledger.balance).toBe(96);
    expect(ledger.entries.filter((e) => e.sessionId === taken.sessionId)).toHaveLength(4);
  });

  it('delivered again after it finished, changes nothing and debits nothing', async () => {
    const before = await analysisOf(taken.owner, taken.sessionId);
    await deliver(taken.sessionId, workersAiProvider(recordedAi()));
    await deliver(taken.sessionId, workersAiProvider(recordedAi()));
    expect(await analysisOf(taken.owner, taken.sessionId)).toEqual(before);
    expect(await ledgerOf(taken.sessionId)).toHaveLength(4);
    expect(await balanceOf(taken.orgId)).toBe(96);
  });

  it('shows the Sessions tab its score, and filters and sorts by it', async () => {
    const row = await env.DB.prepare('SELECT analysis_state, analysis_score, interview_id FROM sessions WHERE id = ?')
      .bind(taken.sessionId)
      .first<{ analysis_state: string; analysis_score: number; interview_id: string }>();
    expect(row).toMatchObject({ analysis_state: 'done', analysis_score: 69 });
    const list = await as(taken.owner).get(`/api/interviews/${row?.interview_id}/sessions?analysis=done&sort=analysis&dir=desc`);
    expect(list.status, await list.clone().text()).toBe(200);
    const body = (await list.json()) as { sessions: { id: string; analysis: { state: string; score: number | null } }[] };
    expect(body.sessions.map((s) => [s.id, s.analysis])).toEqual([[taken.sessionId, { state: 'done', score: 69 }]]);
    const none = await as(taken.owner).get(`/api/interviews/${row?.interview_id}/sessions?analysis=failed`);
    expect(((await none.json()) as { sessions: unknown[] }).sessions).toEqual([]);
  });

  it('keeps a reviewer’s score beside the AI’s, never over it', async () => {
    const reviewer = await addMember(taken.owner, 'reviewer');
    const res = await as(reviewer).send('PUT', `/api/sessions/${taken.sessionId}/analysis/overrides/${taken.ids.video}`, { score: 90 });
    expect(res.status, await res.clone().text()).toBe(200);
    const overall = await as(reviewer).send('PUT', `/api/sessions/${taken.sessionId}/analysis/overrides/overall`, { score: 80 });
    expect(overall.status).toBe(200);
    const after = await analysisOf(taken.owner, taken.sessionId);
    expect(after.overrides[taken.ids.video]).toMatchObject({ score: 90, by: reviewer.memberId });
    expect(after.overrides.overall).toMatchObject({ score: 80 });
    expect(answerOf(after, taken.ids.video).assessment).toMatchObject({ status: 'assessed', score: 63 });
    expect(after.overall.score).toBe(69);
    const bad = await as(reviewer).send('PUT', `/api/sessions/${taken.sessionId}/analysis/overrides/overall`, { score: 101 });
    expect(bad.status).toBe(400);
    const unknown = await as(reviewer).send('PUT', `/api/sessions/${taken.sessionId}/analysis/overrides/no-such-question`, { score: 5 });
    expect(unknown.status).toBe(404);
  });

  it('runs again when a reviewer asks: a new result, debited to that reviewer', async () => {
    const reviewer = await addMember(taken.owner, 'reviewer');
    const res = await as(reviewer).send('POST', `/api/sessions/${taken.sessionId}/analysis`, {});
    expect(res.status, await res.clone().text()).toBe(202);
    expect(((await res.json()) as AnalysisView).status).toBe('pending');
    const again = await settled(taken.owner, taken.sessionId);
    expect(again.status).toBe('done');
    expect(again.overall.score).toBe(69);
    const rows = await ledgerOf(taken.sessionId);
    expect(rows).toHaveLength(8);
    expect(rows.filter((r) => r.member_id === reviewer.memberId)).toHaveLength(4);
    expect(await balanceOf(taken.orgId)).toBe(92);
  });
});

describe('a job delivered twice, or resumed after a crash part way', { timeout: 30_000 }, () => {
  let taken: AnalysedSession;
  beforeAll(async () => {
    taken = await analysedSession();
    await settled(taken.owner, taken.sessionId);
  }, 30_000);

  it('delivered twice at once yields one result and one debit per call', async () => {
    await addJob(taken.sessionId, 'twice');
    const before = (await ledgerOf(taken.sessionId)).length;
    await Promise.all([deliver(taken.sessionId, workersAiProvider(recordedAi())), deliver(taken.sessionId, workersAiProvider(recordedAi()))]);
    const rows = (await ledgerOf(taken.sessionId)).filter((r) => r.idem_key.includes(':twice:'));
    expect(rows).toHaveLength(4);
    expect((await ledgerOf(taken.sessionId)).length).toBe(before + 4);
    expect((await analysisOf(taken.owner, taken.sessionId)).overall.score).toBe(69);
  });

  it('after a crash between calls, repeats no finished call and debits each call once', async () => {
    await addJob(taken.sessionId, 'crash');
    const calls = { transcribe: 0, assess: 0 };
    const real = workersAiProvider(recordedAi());
    const counting = (crash: boolean): AnalysisProvider => ({
      models: real.models,
      transcribe: (audio) => {
        calls.transcribe++;
        return real.transcribe(audio);
      },
      assess: (input, check) => {
        calls.assess++;
        // The isolate dies with the first assessment under way: the transcripts are done and paid.
        if (crash) throw new Error('connection reset');
        return real.assess(input, check);
      },
    });
    await deliver(taken.sessionId, counting(true));
    const mid = await analysisOf(taken.owner, taken.sessionId);
    expect(mid.status).toBe('pending');
    expect(mid.message).toMatch(/could not be reached/);
    expect((await ledgerOf(taken.sessionId)).filter((r) => r.idem_key.includes(':crash:')).map((r) => r.what)).toEqual([
      'Transcript: A migration you led',
      'Transcript: A migration you led',
    ]);
    expect(calls).toEqual({ transcribe: 2, assess: 1 });

    await deliver(taken.sessionId, counting(false));
    await deliver(taken.sessionId, counting(false));
    expect(calls).toEqual({ transcribe: 2, assess: 3 });
    const done = await analysisOf(taken.owner, taken.sessionId);
    expect(done.status).toBe('done');
    expect(done.attempts).toBe(2);
    expect(done.overall.score).toBe(69);
    expect((await ledgerOf(taken.sessionId)).filter((r) => r.idem_key.includes(':crash:'))).toHaveLength(4);
  });
});

describe('a model answer that does not hold', { timeout: 30_000 }, () => {
  it('is asked once more when malformed, then recorded as failed with the reason', async () => {
    const taken = await analysedSession();
    await settled(taken.owner, taken.sessionId);
    await addJob(taken.sessionId, 'malformed');
    let asked = 0;
    const refusing = workersAiProvider({
      run: async (model, input) => {
        if (model === ASSESSMENT_MODEL) {
          asked++;
          return { response: 'I cannot assess this candidate.' };
        }
        return recordedAi().run(model, input);
      },
    });
    await deliver(taken.sessionId, refusing);
    const view = await analysisOf(taken.owner, taken.sessionId);
    expect(asked).toBe(4);
    expect(answerOf(view, taken.ids.text).assessment).toMatchObject({ status: 'failed', reason: expect.stringMatching(/did not answer with the expected JSON/) });
    expect(view.overall.score).toBeNull();
    expect(view.status).toBe('failed');
    // Failed calls are not charged; the transcripts that worked are.
    expect((await ledgerOf(taken.sessionId)).filter((r) => r.idem_key.includes(':malformed:')).map((r) => r.what)).toEqual([
      'Transcript: A migration you led',
      'Transcript: A migration you led',
    ]);
  });

  it('is rejected when its evidence is not quoted from the answer', async () => {
    const taken = await analysedSession();
    await settled(taken.owner, taken.sessionId);
    await addJob(taken.sessionId, 'invented');
    const inventing = workersAiProvider({
      run: async (model, input) => {
        if (model !== ASSESSMENT_MODEL) return recordedAi().run(model, input);
        return { response: { insufficientData: false, criteria: [0, 1, 2, 3].map((index) => ({ index, verdict: 'met', evidence: 'I hired a team of ten.' })), summary: '' } };
      },
    });
    await deliver(taken.sessionId, inventing);
    const view = await analysisOf(taken.owner, taken.sessionId);
    expect(answerOf(view, taken.ids.video).assessment).toMatchObject({ status: 'failed', reason: expect.stringMatching(/not quoted from the answer/) });
  });
});

describe('code test results', { timeout: 30_000 }, () => {
  it('come from the reviewer-run tests the session object holds (object migration 9), the latest run per question', async () => {
    const taken = await analysedSession();
    expect((await settled(taken.owner, taken.sessionId)).builtins.codeTests).toBeNull();
    await runInDurableObject(sessionStub(env, taken.sessionId), (_instance, state) => {
      const run = (id: string, passed: number, at: number) =>
        state.storage.sql.exec(
          "INSERT INTO code_test_runs (run_id, question_id, auto, outcomes, passed, total, ran_at, member_id, member_name) VALUES (?, ?, 0, '[]', ?, 4, ?, 'm', 'M')",
          id,
          taken.ids.text,
          passed,
          at,
        );
      run('r1', 1, 1_000);
      run('r2', 3, 2_000);
    });
    expect((await analysisOf(taken.owner, taken.sessionId)).builtins.codeTests).toEqual([{ questionId: taken.ids.text, title: 'Bad networks', passed: 3, total: 4, ranAt: 2_000 }]);
  });
});

describe('what a model is given', { timeout: 30_000 }, () => {
  it('is the question and the answer only: never the candidate’s name or email, and no video frame', async () => {
    const taken = await analysedSession();
    await settled(taken.owner, taken.sessionId);
    await addJob(taken.sessionId, 'privacy');
    const sent: { model: string; input: Record<string, unknown> }[] = [];
    await deliver(
      taken.sessionId,
      workersAiProvider({
        run: (model, input) => {
          sent.push({ model, input });
          return recordedAi().run(model, input);
        },
      }),
    );
    expect(sent.map((s) => s.model).sort()).toEqual([ASSESSMENT_MODEL, ASSESSMENT_MODEL, TRANSCRIPTION_MODEL, TRANSCRIPTION_MODEL]);
    const everything = JSON.stringify(sent);
    expect(everything).not.toContain('Grace');
    expect(everything).not.toContain(taken.email);
    for (const call of sent.filter((s) => s.model === TRANSCRIPTION_MODEL)) {
      const audio = atob(String(call.input.audio));
      expect(audio).toContain('A_OPUS');
      expect(audio).not.toContain('V_VP8');
    }
    expect(ASSESSMENT_SYSTEM_PROMPT).toContain("never given the candidate's name, email, photo or video");
    const messages = sent.find((s) => s.model === ASSESSMENT_MODEL)?.input.messages as { role: string; content: string }[];
    expect(messages[0]).toEqual({ role: 'system', content: ASSESSMENT_SYSTEM_PROMPT });
  });
});

describe('metering', { timeout: 30_000 }, () => {
  it('refuses the job up front with a clear message when the balance is short, and debits nothing', async () => {
    const taken = await analysedSession({ tokens: 3 });
    const view = await settled(taken.owner, taken.sessionId);
    expect(view.status).toBe('failed');
    expect(view.message).toBe('This analysis needs 4 AI tokens and the organization has 3. Nothing was charged. An admin can add tokens, then run the analysis again.');
    expect(await ledgerOf(taken.sessionId)).toEqual([]);
    expect(await balanceOf(taken.orgId)).toBe(3);
    // The built-ins are there all the same.
    expect(view.builtins.choice).toHaveLength(1);

    const rerun = await as(taken.owner).send('POST', `/api/sessions/${taken.sessionId}/analysis`, {});
    expect(rerun.status).toBe(402);
    expect(await rerun.json()).toEqual({ error: { code: 'ai_tokens_short', message: view.message } });
    expect(await ledgerOf(taken.sessionId)).toEqual([]);
    expect(await balanceOf(taken.orgId)).toBe(3);
  });
});

describe('without a provider', { timeout: 30_000 }, () => {
  it('gives every built-in result and says which parts need a provider', async () => {
    const taken = await analysedSession();
    await settled(taken.owner, taken.sessionId);
    await addJob(taken.sessionId, 'no-provider');
    const before = (await ledgerOf(taken.sessionId)).length;
    await deliver(taken.sessionId, null);
    const view = await analysisOf(taken.owner, taken.sessionId);
    expect(view.status).toBe('not_configured');
    expect(view.provider).toEqual({ configured: false, models: [] });
    expect(view.needsProvider).toEqual(['Transcripts of recorded answers', 'Rubric assessment against "What a good answer covers"', 'The 0–100 overall score']);
    expect(view.answers.map((a) => a.assessment.status)).toEqual(['needs_provider', 'needs_provider', 'needs_provider']);
    expect(view.builtins.answers.find((a) => a.questionId === taken.ids.video)?.speech?.speakingMs).toBe(2 * 4_000);
    expect(view.builtins.choice).toEqual([{ questionId: taken.ids.choice, title: 'Pick the prime', points: 2, maxPoints: 2 }]);
    expect((await ledgerOf(taken.sessionId)).length).toBe(before);
  });
});

describe('tenancy', { timeout: 30_000 }, () => {
  it('answers 404 to another organization for the analysis, a re-run and an override, and keeps ledgers apart', async () => {
    const taken = await analysedSession();
    await settled(taken.owner, taken.sessionId);
    const other = await register('analysis-other');
    for (const [method, path, body] of [
      ['GET', `/api/sessions/${taken.sessionId}/analysis`, undefined],
      ['POST', `/api/sessions/${taken.sessionId}/analysis`, {}],
      ['PUT', `/api/sessions/${taken.sessionId}/analysis/overrides/overall`, { score: 1 }],
    ] as const) {
      const res = method === 'GET' ? await as(other).get(path) : await as(other).send(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    const ledger = (await (await as(other).get('/api/org/ai-ledger')).json()) as LedgerView;
    expect(ledger.entries).toEqual([]);
    expect(JSON.stringify(ledger)).not.toContain(taken.sessionId);
    // Only admins see the ledger.
    const reviewer = await addMember(taken.owner, 'reviewer');
    expect((await as(reviewer).get('/api/org/ai-ledger')).status).toBe(403);
  });
});
