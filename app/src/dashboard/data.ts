import { createSignal } from 'solid-js';
import { api, ApiError, apiFetch, setCsrfToken } from '../lib/api';
import type { InvitationPreview, InvitationView, MemberView, OrganizationSettings, OutboxMessage, Permission, Role, SignedIn } from '../../../worker/schemas/auth';

export type { InvitationPreview, InvitationView, MemberView, OrganizationSettings, OutboxMessage, Permission, Role, SignedIn };
export { ApiError };

/** All of the dashboard's server calls live here; screens call these, never fetch directly. */
async function json<T>(path: string, init: RequestInit = {}): Promise<T> {
  const headers = new Headers(init.headers);
  if (init.body && typeof init.body === 'string') headers.set('content-type', 'application/json');
  const res = await apiFetch(path, { ...init, headers });
  return (res.status === 204 ? null : await res.json()) as T;
}
const send = <T>(method: string, path: string, body?: unknown) => json<T>(path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
export const get = <T>(path: string) => json<T>(path);
export const post = <T>(path: string, body?: unknown) => send<T>('POST', path, body ?? {});
export const put = <T>(path: string, body?: unknown) => send<T>('PUT', path, body);
export const patch = <T>(path: string, body?: unknown) => send<T>('PATCH', path, body);
export const del = <T>(path: string, body?: unknown) => send<T>('DELETE', path, body);

/** Who is signed in; `undefined` while unknown, `null` when nobody is. */
const [me, setMe] = createSignal<SignedIn | null | undefined>(undefined);
export { me };

function signedIn(answer: SignedIn): SignedIn {
  setCsrfToken(answer.csrfToken);
  setMe(answer);
  return answer;
}

export function can(permission: Permission): boolean {
  return me()?.permissions.includes(permission) ?? false;
}

export async function loadMe(): Promise<SignedIn | null> {
  try {
    // Through the typed client: path and answer are checked against the Worker's own routes.
    const res = await api.api.auth.me.$get();
    return signedIn(await res.json());
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      setCsrfToken(null);
      setMe(null);
      return null;
    }
    throw err;
  }
}

export const auth = {
  register: async (body: { organizationName: string; name: string; email: string; password: string }) => signedIn(await post<SignedIn>('/api/auth/register', body)),
  login: async (body: { email: string; password: string }) => signedIn(await post<SignedIn>('/api/auth/login', body)),
  logout: async () => {
    await post('/api/auth/logout');
    setCsrfToken(null);
    setMe(null);
  },
  previewInvitation: (token: string) => post<InvitationPreview>('/api/auth/invitations/preview', { token }),
  acceptInvitation: async (body: { token: string; name: string; password: string }) => signedIn(await post<SignedIn>('/api/auth/invitations/accept', body)),
};

export const members = {
  list: () => get<{ members: MemberView[] }>('/api/members'),
  invitations: () => get<{ invitations: InvitationView[] }>('/api/members/invitations'),
  invite: (email: string, role: Role) => post<{ invitation: InvitationView }>('/api/members/invitations', { email, role }),
  revokeInvitation: (id: string) => del(`/api/members/invitations/${id}`),
  changeRole: (id: string, role: Role) => patch(`/api/members/${id}`, { role }),
  remove: (id: string) => del(`/api/members/${id}`),
};

export const org = {
  get: () => get<OrganizationSettings>('/api/org'),
  update: (body: { name?: string; accentColor?: string; retentionDays?: number }) => patch<OrganizationSettings>('/api/org', body),
  uploadLogo: async (file: File) => (await apiFetch('/api/org/logo', { method: 'PUT', body: file })).json() as Promise<OrganizationSettings>,
  removeLogo: () => del<OrganizationSettings>('/api/org/logo'),
};

export const dev = {
  outbox: () => get<{ messages: OutboxMessage[] }>('/api/dev/outbox'),
};

/** A message for any failure, with the server's own words when it gave some. */
export function describeError(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof TypeError) return 'Could not reach Holdfast. Check your connection and try again.';
  return err instanceof Error ? err.message : String(err);
}
