import { createSignal } from 'solid-js';
import type { Permission, Role, SignedIn } from '../../../worker/schemas/auth';
import { ApiError, api, NetworkError, read, setCsrfToken } from '../lib/api';

export type { Permission, Role, SignedIn };
export { ApiError };

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
    return signedIn(await read(api.api.auth.me.$get()));
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      setCsrfToken(null);
      setMe(null);
      return null;
    }
    throw err;
  }
}

/** All of the dashboard's server calls go through the typed client; screens call these, never fetch. */
export const auth = {
  register: async (json: { organizationName: string; name: string; email: string; password: string }) => signedIn(await read(api.api.auth.register.$post({ json }))),
  login: async (json: { email: string; password: string }) => signedIn(await read(api.api.auth.login.$post({ json }))),
  logout: async () => {
    await read(api.api.auth.logout.$post());
    setCsrfToken(null);
    setMe(null);
  },
  previewInvitation: (token: string) => read(api.api.auth.invitations.preview.$post({ json: { token } })),
  acceptInvitation: async (json: { token: string; name: string; password: string }) => signedIn(await read(api.api.auth.invitations.accept.$post({ json }))),
};

const memberApi = api.api.members;
export const members = {
  list: () => read(memberApi.$get()),
  invitations: () => read(memberApi.invitations.$get()),
  invite: (email: string, role: Role) => read(memberApi.invitations.$post({ json: { email, role } })),
  revokeInvitation: (invitationId: string) => read(memberApi.invitations[':invitationId'].$delete({ param: { invitationId } })),
  changeRole: (memberId: string, role: Role) => read(memberApi[':memberId'].$patch({ param: { memberId }, json: { role } })),
  remove: (memberId: string) => read(memberApi[':memberId'].$delete({ param: { memberId } })),
};

export const org = {
  get: () => read(api.api.org.$get()),
  update: (json: { name?: string; accentColor?: string; retentionDays?: number }) => read(api.api.org.$patch({ json })),
  // The route reads the image as the raw request body, so it goes as `init.body`, not as a form.
  uploadLogo: (file: File) => read(api.api.org.logo.$put(undefined, { init: { body: file } })),
  removeLogo: () => read(api.api.org.logo.$delete()),
};

/** A practice session of the organization's sandbox interview, taken on this device. */
export const startSandbox = () => read(api.api.sandbox.start.$post());

export const dev = {
  outbox: () => read(api.api.dev.outbox.$get({ query: {} })),
};

/** A message for any failure, with the server's own words when it gave some. */
export function describeError(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof NetworkError || err instanceof TypeError) return 'Could not reach Holdfast. Check your connection and try again.';
  return err instanceof Error ? err.message : String(err);
}
