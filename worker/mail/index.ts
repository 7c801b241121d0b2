/**
 * The one way Holdfast sends email. With Cloudflare's email sending binding configured
 * (`[[send_email]] name = "EMAIL"` in wrangler.toml, plus a `MAIL_FROM` var) mail goes out
 * through it; without one (local development) it lands in the `mail_outbox` table, which the
 * dashboard shows at a dev-only page (`GET /api/dev/outbox`).
 */
import type { OutboxMessage } from '../schemas/auth';

export type MailKind = 'invitation' | 'one_time_code' | (string & {});

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  kind: MailKind;
}

/** Bindings this module uses when they exist; neither is declared for local development. */
interface MailBindings {
  EMAIL?: SendEmail;
  MAIL_FROM?: string;
}

export type MailDelivery = { via: 'email_binding'; messageId: string } | { via: 'outbox'; id: string };

export async function sendMail(env: Env, mail: Mail): Promise<MailDelivery> {
  const { EMAIL, MAIL_FROM } = env as Env & MailBindings;
  if (EMAIL) {
    const result = await EMAIL.send({
      from: { email: MAIL_FROM ?? 'no-reply@holdfast.invalid', name: 'Holdfast' },
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      ...(mail.html ? { html: mail.html } : {}),
    });
    return { via: 'email_binding', messageId: result.messageId };
  }
  const id = crypto.randomUUID();
  await env.DB.prepare('INSERT INTO mail_outbox (id, kind, to_address, subject, text_body, html_body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .bind(id, mail.kind, mail.to, mail.subject, mail.text, mail.html ?? null, Date.now())
    .run();
  return { via: 'outbox', id };
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
