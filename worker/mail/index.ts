/**
 * The one way Holdfast sends email. With Cloudflare's email sending binding configured
 * (`[[send_email]] name = "EMAIL"` in wrangler.toml, plus a `MAIL_FROM` var) mail goes out
 * through it; without one (local development) it lands in the `mail_outbox` table, which the
 * dashboard shows at a dev-only page (`GET /api/dev/outbox`).
 */
import { insertOutboxMessage } from '../db/mail-outbox';

type MailKind = 'invitation' | 'one_time_code' | (string & {});

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
  await insertOutboxMessage(env.DB, { id, kind: mail.kind, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html ?? null, now: Date.now() });
  return { via: 'outbox', id };
}
