/**
 * The "bare Worker" `npm run bench` compares Holdfast's candidate write paths with: the platform
 * minimum for the same two requests, as issue 10 defines it: the body forwarded over RPC to the
 * session's Durable Object, which writes R2 (a chunk's bytes) and one SQLite row (the answer, or
 * the chunk's manifest row). No authentication, no validation, no D1.
 */
import { DurableObject } from 'cloudflare:workers';

interface BareEnv {
  BARE_SESSION: DurableObjectNamespace<BareSession>;
  MEDIA: R2Bucket;
}

export class BareSession extends DurableObject<BareEnv> {
  constructor(ctx: DurableObjectState, env: BareEnv) {
    super(ctx, env);
    ctx.storage.sql.exec('CREATE TABLE IF NOT EXISTS answers (client_id TEXT PRIMARY KEY, question_id TEXT NOT NULL, value TEXT NOT NULL)');
    ctx.storage.sql.exec('CREATE TABLE IF NOT EXISTS chunks (key TEXT PRIMARY KEY, size INTEGER NOT NULL)');
  }

  answer(clientId: string, questionId: string, value: string): { stored: true } {
    this.ctx.storage.sql.exec('INSERT OR IGNORE INTO answers (client_id, question_id, value) VALUES (?, ?, ?)', clientId, questionId, value);
    return { stored: true };
  }

  async chunk(key: string, bytes: ArrayBuffer): Promise<{ stored: true; size: number }> {
    await this.env.MEDIA.put(key, bytes);
    this.ctx.storage.sql.exec('INSERT OR IGNORE INTO chunks (key, size) VALUES (?, ?)', key, bytes.byteLength);
    return { stored: true, size: bytes.byteLength };
  }
}

const ANSWER = /^\/s\/([\w-]+)\/answers$/;
const CHUNK = /^\/s\/([\w-]+)\/chunks\/([\w-]+)\/(\d+)$/;

export default {
  async fetch(request: Request, env: BareEnv): Promise<Response> {
    const { pathname } = new URL(request.url);
    if (pathname === '/api/health') return Response.json({ ok: true });
    const answer = pathname.match(ANSWER);
    if (answer && request.method === 'POST') {
      const body = (await request.json()) as { clientId: string; questionId: string; value: string };
      const stub = env.BARE_SESSION.get(env.BARE_SESSION.idFromName(answer[1] ?? ''));
      return Response.json(await stub.answer(body.clientId, body.questionId, body.value));
    }
    const chunk = pathname.match(CHUNK);
    if (chunk && request.method === 'PUT') {
      const stub = env.BARE_SESSION.get(env.BARE_SESSION.idFromName(chunk[1] ?? ''));
      return Response.json(await stub.chunk(`${chunk[1]}/${chunk[2]}/${chunk[3]}`, await request.arrayBuffer()));
    }
    return Response.json({ error: { code: 'not_found', message: 'No such route.' } }, { status: 404 });
  },
} satisfies ExportedHandler<BareEnv>;
