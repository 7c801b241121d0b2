import { INVITE_DATA_ID, type InviteData } from '../../../worker/schemas/invite-page';
import type { LinkInfo } from '../lib/candidateApi';

/** What the candidate did on the served screen before the app took it over. */
export interface Typed {
  name: string;
  email: string;
  consent: boolean;
  focused: string;
}

/**
 * An invite link's page arrives with its first screen and the link's details in the HTML
 * (worker/candidates/invite-page.ts). Read when this module loads, before main.tsx renders the app
 * over that screen: what was typed into it is kept too.
 */
let served: { data: InviteData; typed: Typed | null } | undefined;
const element = document.getElementById(INVITE_DATA_ID);
if (element?.textContent) {
  try {
    const form = document.querySelector<HTMLFormElement>('#root form');
    const data = form ? new FormData(form) : null;
    served = {
      data: JSON.parse(element.textContent) as InviteData,
      typed: data && {
        name: String(data.get('name') ?? ''),
        email: String(data.get('email') ?? ''),
        consent: data.has('consent'),
        focused: document.activeElement?.id ?? '',
      },
    };
  } catch {
    // Not readable: the app asks the API, as without it.
  }
}

/**
 * The link's details the page was served with, once: `info` null is a link that is not
 * available; undefined when the page has none for this token (the app asks the API).
 */
export function takeServedLink(token: string): { info: LinkInfo | null; typed: Typed | null } | undefined {
  const found = served?.data.token === token ? { info: served.data.info, typed: served.typed } : undefined;
  served = undefined;
  return found;
}
