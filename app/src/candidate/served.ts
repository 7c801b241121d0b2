import { INVITE_DATA_ID, type InviteData } from '../../../worker/schemas/invite-page';
import type { LinkInfo } from '../lib/candidateApi';

/** What the candidate did on the served screen before the app took it over. */
export interface Typed {
  name: string;
  email: string;
  consent: boolean;
  focused: string;
  /** Start was tapped on it: the app starts as soon as it is in. */
  submitted: boolean;
}

/**
 * An invite link's page arrives with its first screen and the link's details in the HTML
 * (worker/candidates/invite-page.ts).
 */
let served: InviteData | undefined;
let submitted = false;
const element = document.getElementById(INVITE_DATA_ID);
if (element?.textContent) {
  try {
    served = JSON.parse(element.textContent) as InviteData;
  } catch {
    // Not readable: the app asks the API, as without it.
  }
  // From now until the app's own form replaces it, a tap on Start is the app's to act on.
  document.querySelector('#root form')?.addEventListener('submit', (e) => {
    e.preventDefault();
    submitted = true;
  });
}

/**
 * The link's details the page was served with, once, and what was typed into the served screen
 * so far (main.tsx renders the app before it removes that screen): `info` null is a link that is
 * not available; undefined when the page has none for this token (the app asks the API).
 */
export function takeServedLink(token: string): { info: LinkInfo | null; typed: Typed | null } | undefined {
  const found = served?.token === token ? served : undefined;
  served = undefined;
  if (!found) return undefined;
  const form = document.querySelector<HTMLFormElement>('#root form');
  const data = form ? new FormData(form) : null;
  return {
    info: found.info,
    typed: data && {
      name: String(data.get('name') ?? ''),
      email: String(data.get('email') ?? ''),
      consent: data.has('consent'),
      focused: document.activeElement?.id ?? '',
      // A tap before this module ran was held by app/public/after-paint.js.
      submitted: submitted || form?.dataset.tapped === 'true',
    },
  };
}
