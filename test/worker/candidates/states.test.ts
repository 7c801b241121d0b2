import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { canTransition, listSessionEvents, SESSION_STATES, type SessionState, transition } from '../../../worker/state/session-states';
import { seedSession } from '../support/helpers';

async function statusOf(sessionId: string): Promise<string | undefined> {
  return (await env.DB.prepare('SELECT status FROM sessions WHERE id = ?').bind(sessionId).first<{ status: string }>())?.status;
}

async function setFormat(sessionId: string, format: string): Promise<void> {
  await env.DB.prepare('UPDATE sessions SET format = ? WHERE id = ?').bind(format, sessionId).run();
}

describe('session state machine', () => {
  it('allows exactly the documented steps for each format', () => {
    const member = { kind: 'member', memberId: 'member-1' } as const;
    const allowed = (format: 'one_way' | 'take_home' | 'live') =>
      SESSION_STATES.flatMap((from) => SESSION_STATES.filter((to) => canTransition(from, to, format, member)).map((to) => `${from}>${to}`));
    expect(allowed('one_way')).toEqual(['not_started>in_progress', 'in_progress>completed', 'completed>reviewed', 'reviewed>completed']);
    expect(allowed('take_home')).toEqual(['not_started>in_progress', 'in_progress>ready_for_review', 'ready_for_review>reviewed', 'reviewed>ready_for_review']);
    expect(allowed('live')).toEqual(['not_started>in_progress', 'in_progress>ended', 'ended>reviewed', 'reviewed>ended']);
  });

  it('leaves reviews to members: a candidate or the system can neither finish nor reopen one', () => {
    for (const actor of [{ kind: 'candidate' }, { kind: 'system' }] as const) {
      expect(canTransition('completed', 'reviewed', 'one_way', actor)).toBe(false);
      expect(canTransition('reviewed', 'completed', 'one_way', actor)).toBe(false);
      expect(canTransition('in_progress', 'completed', 'one_way', actor)).toBe(true);
    }
  });

  it('keeps a finished review when the candidate device replays its writes', async () => {
    const { sessionId } = await seedSession('states');
    await transition(env.DB, sessionId, 'in_progress', { kind: 'candidate' });
    await transition(env.DB, sessionId, 'completed', { kind: 'candidate' });
    await transition(env.DB, sessionId, 'reviewed', { kind: 'member', memberId: 'member-1234' });
    // What the session object's summary mirror does after any late candidate write.
    expect((await transition(env.DB, sessionId, 'in_progress', { kind: 'candidate' })).kind).toBe('not_allowed');
    expect((await transition(env.DB, sessionId, 'completed', { kind: 'candidate' })).kind).toBe('not_allowed');
    expect(await statusOf(sessionId)).toBe('reviewed');
  });

  it('records every change with who made it and when, in order', async () => {
    const { sessionId, orgId } = await seedSession('states');
    expect(await transition(env.DB, sessionId, 'in_progress', { kind: 'candidate' }, 1_000)).toEqual({ kind: 'changed', from: 'not_started', to: 'in_progress', at: 1_000 });
    expect((await transition(env.DB, sessionId, 'completed', { kind: 'candidate' }, 2_000)).kind).toBe('changed');
    expect((await transition(env.DB, sessionId, 'reviewed', { kind: 'member', memberId: 'member-1234' }, 3_000)).kind).toBe('changed');
    expect(await statusOf(sessionId)).toBe('reviewed');
    expect(await listSessionEvents(env.DB, orgId, sessionId)).toEqual([
      { from: 'not_started', to: 'in_progress', actor: { kind: 'candidate' }, at: 1_000 },
      { from: 'in_progress', to: 'completed', actor: { kind: 'candidate' }, at: 2_000 },
      { from: 'completed', to: 'reviewed', actor: { kind: 'member', memberId: 'member-1234' }, at: 3_000 },
    ]);
  });

  it('refuses a step the machine does not have and changes nothing', async () => {
    const { sessionId, orgId } = await seedSession('states');
    const refused: [SessionState, SessionState][] = [['not_started', 'completed']];
    for (const [from, to] of refused) {
      expect(await transition(env.DB, sessionId, to, { kind: 'system' })).toEqual({ kind: 'not_allowed', from, to });
    }
    await transition(env.DB, sessionId, 'in_progress', { kind: 'candidate' });
    // A one-way interview is never "Ready for review" or "Ended": those belong to other formats.
    expect((await transition(env.DB, sessionId, 'ready_for_review', { kind: 'candidate' })).kind).toBe('not_allowed');
    expect((await transition(env.DB, sessionId, 'ended', { kind: 'system' })).kind).toBe('not_allowed');
    expect((await transition(env.DB, sessionId, 'not_started', { kind: 'system' })).kind).toBe('not_allowed');
    expect(await statusOf(sessionId)).toBe('in_progress');
    expect(await listSessionEvents(env.DB, orgId, sessionId)).toHaveLength(1);
  });

  it('finishes each format in its own state', async () => {
    for (const [format, finished] of [
      ['take_home', 'ready_for_review'],
      ['live', 'ended'],
    ] as const) {
      const { sessionId } = await seedSession('states');
      await setFormat(sessionId, format);
      await transition(env.DB, sessionId, 'in_progress', { kind: 'candidate' });
      expect((await transition(env.DB, sessionId, 'completed', { kind: 'candidate' })).kind).toBe('not_allowed');
      expect((await transition(env.DB, sessionId, finished, { kind: 'candidate' })).kind).toBe('changed');
      expect(await statusOf(sessionId)).toBe(finished);
    }
  });

  it('asking for the current state changes and records nothing', async () => {
    const { sessionId, orgId } = await seedSession('states');
    await transition(env.DB, sessionId, 'in_progress', { kind: 'candidate' });
    expect(await transition(env.DB, sessionId, 'in_progress', { kind: 'candidate' })).toEqual({ kind: 'unchanged', state: 'in_progress' });
    expect(await listSessionEvents(env.DB, orgId, sessionId)).toHaveLength(1);
  });

  it('records one event when two callers race for the same step', async () => {
    const { sessionId, orgId } = await seedSession('states');
    const results = await Promise.all(Array.from({ length: 5 }, () => transition(env.DB, sessionId, 'in_progress', { kind: 'candidate' })));
    expect(results.filter((r) => r.kind === 'changed')).toHaveLength(1);
    expect(await listSessionEvents(env.DB, orgId, sessionId)).toHaveLength(1);
  });

  it('answers session_not_found for an unknown session', async () => {
    expect(await transition(env.DB, crypto.randomUUID(), 'in_progress', { kind: 'system' })).toEqual({ kind: 'session_not_found' });
  });
});
