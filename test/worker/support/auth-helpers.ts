/** Signing up and acting as a member in worker tests: cookies and CSRF tokens carried by hand. */
import { env } from 'cloudflare:test';
import { expect } from 'vitest';
import type { Role } from '../../../worker/auth/permissions';
import { readOutbox } from '../../../worker/db/mail-outbox';
import type { SignedIn } from '../../../worker/schemas/auth';
import { api, BASE } from './helpers';

export const PASSWORD = 'correct horse battery';

/** What a same-origin page's fetch sends on a state change. */
export const SAME_ORIGIN = { origin: BASE };

export interface Account {
  email: string;
  password: string;
  cookie: string;
  csrfToken: string;
  signedIn: SignedIn;
}

export const uniqueEmail = (label = 'person') => `${label}-${crypto.randomUUID().slice(0, 8)}@example.test`;

export function sessionCookieOf(res: Response): string {
  const header = res.headers.getSetCookie().find((c) => c.startsWith('__Host-hf_session='));
  expect(header, 'a __Host-hf_session cookie').toBeDefined();
  return header!.split(';')[0]!;
}

export function sendJson(path: string, method: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return api(path, {
    method,
    headers: { 'content-type': 'application/json', ...SAME_ORIGIN, ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function signedInFrom(res: Response, email: string, password: string): Promise<Account> {
  const signedIn = (await res.json()) as SignedIn;
  return { email, password, cookie: sessionCookieOf(res), csrfToken: signedIn.csrfToken, signedIn };
}

export async function register(label = 'org'): Promise<Account> {
  const email = uniqueEmail(label);
  const res = await sendJson('/api/auth/register', 'POST', {
    organizationName: `${label} ${crypto.randomUUID().slice(0, 4)}`,
    name: `Owner of ${label}`,
    email,
    password: PASSWORD,
  });
  expect(res.status).toBe(201);
  return signedInFrom(res, email, PASSWORD);
}

export async function login(email: string, password = PASSWORD, headers: Record<string, string> = {}): Promise<Response> {
  return sendJson('/api/auth/login', 'POST', { email, password }, headers);
}

export async function loginAs(email: string, password = PASSWORD): Promise<Account> {
  const res = await login(email, password);
  expect(res.status).toBe(200);
  return signedInFrom(res, email, password);
}

/** Requests as a signed-in member: the cookie always, the CSRF token on state changes. */
export function as(account: Pick<Account, 'cookie' | 'csrfToken'>) {
  const headers = (extra: Record<string, string> = {}) => ({ cookie: account.cookie, 'x-csrf-token': account.csrfToken, ...SAME_ORIGIN, ...extra });
  return {
    get: (path: string) => api(path, { headers: { cookie: account.cookie } }),
    send: (method: string, path: string, body?: unknown) => sendJson(path, method, body, headers()),
    raw: (method: string, path: string, init: RequestInit & { headers?: Record<string, string> } = {}) => api(path, { ...init, method, headers: headers(init.headers) }),
  };
}

/** The invitation link's token, read from the local outbox like a person reading their mail. */
export async function invitationTokenFor(email: string): Promise<string> {
  const [mail] = await readOutbox(env.DB, { to: email, limit: 1 });
  const token = mail?.text.match(/#token=([A-Za-z0-9_-]+)/)?.[1];
  expect(token, `an invitation mail to ${email}`).toBeDefined();
  return token!;
}

/** Invites a new person with the role and has them accept: a member of the owner's organization. */
export async function addMember(owner: Account, role: Role): Promise<Account & { memberId: string }> {
  const email = uniqueEmail(role);
  const invited = await as(owner).send('POST', '/api/members/invitations', { email, role });
  expect(invited.status).toBe(201);
  const token = await invitationTokenFor(email);
  const res = await sendJson('/api/auth/invitations/accept', 'POST', { token, name: `A ${role}`, password: PASSWORD });
  expect(res.status).toBe(200);
  const account = await signedInFrom(res, email, PASSWORD);
  return { ...account, memberId: account.signedIn.member.id };
}
