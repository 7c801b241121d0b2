/**
 * The candidate device's calls. No cookies: the device token proves this device may write to the
 * session. Every write carries a client-generated id, so a retry is harmless.
 */
export interface Branding {
  orgName: string;
  accentColor: string;
  logoUrl: string | null;
}

export interface LinkInfo {
  link: { kind: 'invite' | 'public' };
  interview: { name: string; format: string; intro: string; closing: string; questionCount: number; branding: Branding };
  candidate: { name: string; email: string } | null;
}

export interface CandidateQuestion {
  id: string;
  type: 'video' | 'audio' | 'text' | 'choice' | 'scale' | 'code';
  title: string;
  prompt?: string;
  [field: string]: unknown;
}

export interface CandidateSession {
  sessionId: string;
  status: string;
  practice: boolean;
  interview: { name: string; format: string; intro: string; closing: string; branding: Branding };
  questions: CandidateQuestion[];
  answers: Record<string, { value: unknown; answeredAt: number }>;
  nextStep: number;
  finishedLaterAt: number | null;
}

export type StartResult =
  | { kind: 'session'; sessionId: string; deviceToken: string; session: CandidateSession; created: boolean }
  | { kind: 'verify'; verificationId: string; emailHint: string };

/** A failure the server explained; anything else (no answer at all) is a network failure. */
export class CandidateApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfter: number | null = null,
  ) {
    super(message);
  }
}

export class NetworkError extends Error {}

const TIMEOUT_MS = 30_000;

export async function request(path: string, init: RequestInit & { token?: string | undefined } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  let res: Response;
  try {
    res = await fetch(path, { ...init, headers, signal: controller.signal, credentials: 'omit', cache: 'no-store' });
  } catch (err) {
    throw new NetworkError(err instanceof Error ? err.message : 'network failure');
  } finally {
    clearTimeout(timer);
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    // A gateway or dev server answering without our error shape is the network failing, not us.
    if (!body?.error && (res.status === 502 || res.status === 503 || res.status === 504)) throw new NetworkError(`gateway ${res.status}`);
    const retryAfter = Number(res.headers.get('retry-after')) || null;
    throw new CandidateApiError(res.status, body?.error?.code ?? 'http_error', body?.error?.message ?? `The server answered ${res.status}`, retryAfter);
  }
  return res;
}

function json(body: unknown): RequestInit {
  return { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

export async function getLink(token: string): Promise<LinkInfo> {
  return (await request(`/api/links/${encodeURIComponent(token)}`)).json() as Promise<LinkInfo>;
}

export async function startSession(token: string, body: { name?: string; email: string }, deviceToken?: string): Promise<StartResult> {
  const res = await request(`/api/links/${encodeURIComponent(token)}/start`, { ...json(body), token: deviceToken });
  const data = (await res.json()) as Record<string, unknown>;
  if (res.status === 202) return { kind: 'verify', verificationId: String(data.verificationId), emailHint: String(data.emailHint) };
  return {
    kind: 'session',
    sessionId: String(data.sessionId),
    deviceToken: String(data.deviceToken),
    session: data.session as CandidateSession,
    created: res.status === 201,
  };
}

export async function verifyCode(token: string, verificationId: string, code: string): Promise<StartResult> {
  const data = (await (await request(`/api/links/${encodeURIComponent(token)}/verify`, json({ verificationId, code }))).json()) as Record<string, unknown>;
  return { kind: 'session', sessionId: String(data.sessionId), deviceToken: String(data.deviceToken), session: data.session as CandidateSession, created: false };
}

export async function getSession(deviceToken: string): Promise<CandidateSession> {
  return (await request('/api/candidate/session', { token: deviceToken })).json() as Promise<CandidateSession>;
}
