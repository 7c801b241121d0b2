/**
 * Typed D1 queries for analysis: the AI token ledger (debits that happen once per key), the
 * analysis state mirrored onto each session for the Sessions tab, and reviewers' score overrides.
 */
import type { AnalysisStatus, LedgerEntry, ScoreOverride } from '../schemas/analysis';

export interface Debit {
  orgId: string;
  memberId: string | null;
  sessionId: string;
  what: string;
  tokens: number;
  /** The same key debits once, however often the job that owes it runs. */
  idemKey: string;
}

export type DebitResult = { kind: 'debited' | 'already_debited' } | { kind: 'balance_short'; balance: number };

/**
 * Debits the organization once per key, in one batch (D1 runs it as a transaction): the ledger
 * row goes in only when the balance covers it and the key is new; the balance is lowered only for
 * a row not yet settled, which is then marked settled. A repeat finds its row settled and
 * changes nothing.
 */
export async function debitAiTokens(db: D1Database, debit: Debit, now: number): Promise<DebitResult> {
  const [, , settle, check] = await db.batch([
    db
      .prepare(
        `INSERT INTO ai_ledger (id, org_id, member_id, session_id, what, tokens, created_at, idem_key)
         SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8
         WHERE (SELECT ai_tokens FROM organizations WHERE id = ?2) >= ?6
         ON CONFLICT (idem_key) DO NOTHING`,
      )
      .bind(crypto.randomUUID(), debit.orgId, debit.memberId, debit.sessionId, debit.what, debit.tokens, now, debit.idemKey),
    db
      .prepare('UPDATE organizations SET ai_tokens = ai_tokens - ?1 WHERE id = ?2 AND EXISTS (SELECT 1 FROM ai_ledger WHERE idem_key = ?3 AND settled = 0)')
      .bind(debit.tokens, debit.orgId, debit.idemKey),
    db.prepare('UPDATE ai_ledger SET settled = 1 WHERE idem_key = ? AND settled = 0 RETURNING id').bind(debit.idemKey),
    db.prepare('SELECT (SELECT ai_tokens FROM organizations WHERE id = ?1) AS balance, (SELECT 1 FROM ai_ledger WHERE idem_key = ?2) AS held').bind(debit.orgId, debit.idemKey),
  ]);
  const row = (check?.results[0] ?? null) as { balance: number | null; held: number | null } | null;
  if (!row?.held) return { kind: 'balance_short', balance: row?.balance ?? 0 };
  return { kind: (settle?.results.length ?? 0) > 0 ? 'debited' : 'already_debited' };
}

/** Whether a debit under this key already happened (the job skips what it paid for). */
export async function debitedKeys(db: D1Database, orgId: string, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const { results } = await db
    .prepare(`SELECT idem_key FROM ai_ledger WHERE org_id = ?1 AND idem_key IN (SELECT value FROM json_each(?2))`)
    .bind(orgId, JSON.stringify(keys))
    .all<{ idem_key: string }>();
  return new Set(results.map((r) => r.idem_key));
}

const LEDGER_PAGE = 200;

export async function listLedger(db: D1Database, orgId: string): Promise<LedgerEntry[]> {
  const { results } = await db
    .prepare(
      `SELECT l.id, l.created_at, l.tokens, l.what, l.session_id, u.name AS member_name
       FROM ai_ledger l LEFT JOIN members m ON m.id = l.member_id LEFT JOIN users u ON u.id = m.user_id
       WHERE l.org_id = ? ORDER BY l.created_at DESC, l.id LIMIT ${LEDGER_PAGE}`,
    )
    .bind(orgId)
    .all<{ id: string; created_at: number; tokens: number; what: string; session_id: string | null; member_name: string | null }>();
  return results.map((r) => ({ id: r.id, at: r.created_at, tokens: r.tokens, what: r.what, sessionId: r.session_id, memberName: r.member_name }));
}

/** The state the Sessions tab shows and sorts by (the score, -1 without one). */
export async function mirrorAnalysisState(db: D1Database, orgId: string, sessionId: string, state: AnalysisStatus, score: number | null): Promise<void> {
  await db
    .prepare('UPDATE sessions SET analysis_state = ?1, analysis_score = ?2 WHERE id = ?3 AND org_id = ?4')
    .bind(state, score ?? -1, sessionId, orgId)
    .run();
}

export async function listOverrides(db: D1Database, orgId: string, sessionId: string): Promise<Record<string, ScoreOverride>> {
  const { results } = await db
    .prepare(
      `SELECT o.target, o.score, o.member_id, u.name AS member_name, o.updated_at
       FROM analysis_overrides o JOIN members m ON m.id = o.member_id JOIN users u ON u.id = m.user_id
       WHERE o.org_id = ? AND o.session_id = ?`,
    )
    .bind(orgId, sessionId)
    .all<{ target: string; score: number; member_id: string; member_name: string; updated_at: number }>();
  return Object.fromEntries(results.map((r) => [r.target, { score: r.score, by: r.member_id, byName: r.member_name, at: r.updated_at }]));
}

export async function saveOverride(db: D1Database, o: { orgId: string; sessionId: string; target: string; memberId: string; score: number | null }, now: number): Promise<void> {
  if (o.score === null) {
    await db.prepare('DELETE FROM analysis_overrides WHERE session_id = ? AND target = ? AND org_id = ?').bind(o.sessionId, o.target, o.orgId).run();
    return;
  }
  await db
    .prepare(
      `INSERT INTO analysis_overrides (session_id, target, org_id, member_id, score, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
       ON CONFLICT (session_id, target) DO UPDATE SET member_id = ?4, score = ?5, updated_at = ?6`,
    )
    .bind(o.sessionId, o.target, o.orgId, o.memberId, o.score, now)
    .run();
}
