/** Typed D1 queries for the local mail outbox (worker/mail): where mail lands when no email binding is configured. */
import type { OutboxMessage } from '../schemas/auth';

export async function insertOutboxMessage(
  db: D1Database,
  message: { id: string; kind: string; to: string; subject: string; text: string; html: string | null; now: number },
): Promise<void> {
  await db
    .prepare('INSERT INTO mail_outbox (id, kind, to_address, subject, text_body, html_body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .bind(message.id, message.kind, message.to, message.subject, message.text, message.html, message.now)
    .run();
}

interface OutboxRecord {
  id: string;
  kind: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  created_at: number;
}

/** The latest messages first; optionally only those sent to one address. */
export async function readOutbox(db: D1Database, options: { to?: string | undefined; limit: number }): Promise<OutboxMessage[]> {
  const { results } = await db
    .prepare('SELECT * FROM mail_outbox WHERE (?1 IS NULL OR to_address = ?1) ORDER BY created_at DESC, id LIMIT ?2')
    .bind(options.to ?? null, options.limit)
    .all<OutboxRecord>();
  return results.map((r) => ({
    id: r.id,
    kind: r.kind,
    to: r.to_address,
    subject: r.subject,
    text: r.text_body,
    html: r.html_body,
    createdAt: r.created_at,
  }));
}
